using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Services.Data.Dossiers;
using Services.Web.Localization;
using Services.Web.Pages;
using Services.Workflows.Dossiers;

namespace Services.Web.Dossiers;

/// <summary>
/// What every one-page application of a service (student status, transfer, admission) has in common: the key in the
/// form that makes a double click or a resubmitted page land on the same dossier, the answers and their errors, the
/// submitted dossier, and the 422 answer to a refused post. The page says what it needs loaded (<see cref="LoadAsync"/>).
/// </summary>
public abstract class ApplicationPage : PageModel
{
    [BindProperty(Name = "khoa")]
    public Guid Key { get; set; }

    public Dictionary<string, string?> Values { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public SubmittedDossier? Submitted { get; protected set; }
    public static bool English => CulturePathMiddleware.IsEnglish;

    public async Task<IActionResult> OnGetAsync([FromServices] AccountPrefill prefill, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        Key = Guid.NewGuid();
        foreach (var (key, value) in await prefill.AnswersAsync(User, ApplicantKeys))
        {
            Values.TryAdd(key, value);
        }

        return Page();
    }

    /// <summary>Where this service asks for the applicant's name, phone and e-mail (what a signed-in parent's account fills in).</summary>
    protected virtual ApplicantKeys ApplicantKeys => ApplicantKeys.Standard;

    /// <summary>The posted answers to <paramref name="questions"/>, each also kept (at most 5,000 characters) to show the page again.</summary>
    protected Dictionary<string, string?> ReadAnswers(IEnumerable<FormField> questions)
    {
        var raw = questions.ToDictionary(q => q.Key, q => (string?)Request.Form[QuestionView.FieldPrefix + q.Key].FirstOrDefault(), StringComparer.Ordinal);
        foreach (var (key, value) in raw)
        {
            Values[key] = value is { Length: > 5000 } ? value[..5000] : value;
        }

        return raw;
    }

    /// <summary>Loads what the page shows for its unit; false when the unit does not offer the service (404).</summary>
    protected abstract Task<bool> LoadAsync(CancellationToken ct);

    /// <summary>The page again with its errors, as 422; a post without its key gets a new one, so the next try can submit.</summary>
    protected PageResult Refused()
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        Key = Key == Guid.Empty ? Guid.NewGuid() : Key;
        return Page();
    }
}
