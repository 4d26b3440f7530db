using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Web.Pages.Exams;
using Services.Web.Security;
using Services.Workflows.Dossiers;
using Services.Workflows.Forms;
using Services.Workflows.Regrading;
using Services.Workflows.Runtime;

namespace Services.Web.Pages.Regrading;

/// <summary>
/// Đơn phúc khảo, reached from the candidate's result: the same three factors are checked again on every post
/// (<see cref="CandidateCheck"/>); the candidate chooses papers, sees the fee and the deadline, and submits. The key in
/// the form makes a double click land on the same dossier.
/// </summary>
public sealed class ApplyModel(
    PortalDbContext db, CandidateCheck check, RegradeService service, DossierSubmission submission, PublicLinks links, TimeProvider clock) : PageModel
{
    [BindProperty(Name = "ky-thi")]
    public Guid? ExamId { get; set; }

    [BindProperty(Name = "so-bao-danh")]
    public string? Number { get; set; }

    [BindProperty(Name = "ngay-sinh")]
    public string? DateOfBirth { get; set; }

    [BindProperty(Name = "mon")]
    public List<string> Subjects { get; set; } = [];

    [BindProperty(Name = "dien-thoai")]
    public string? Phone { get; set; }

    [BindProperty(Name = "email")]
    public string? Email { get; set; }

    [BindProperty(Name = "khoa")]
    public Guid Key { get; set; }

    public RegradeOffer? Offer { get; private set; }
    public SubmittedDossier? Submitted { get; private set; }

    /// <summary>Resource keys of what is wrong with the form, by field.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public IActionResult OnGet() => Redirect(Url.Content("~/tra-cuu-diem"));

    /// <summary>From the result page: the papers, the fee and the deadline.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }

        Key = Guid.NewGuid();
        return Page();
    }

    public async Task<IActionResult> OnPostSubmitAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }

        var phone = ContactFormats.Phone(Phone ?? "");
        var email = string.IsNullOrWhiteSpace(Email) ? null : Email.Trim();
        if (phone is null)
        {
            Errors["dien-thoai"] = "Regrade.Apply.PhoneInvalid";
        }

        if (email is not null && (email.Length > 200 || !ContactFormats.IsEmail(email)))
        {
            Errors["email"] = "Regrade.Apply.EmailInvalid";
        }

        var unitName = await db.Units.Where(u => u.Id == Offer!.Exam.UnitId).Select(u => u.NameVi).SingleAsync(ct);
        var actor = new Actor(User.UserId(), null, null, HttpContext.Connection.RemoteIpAddress?.ToString(), Offer!.Candidate.FullName);
        var application = service.Application(Offer, Subjects, phone, email, unitName, Key, links.To(Url.Content("~/tra-cuu-ho-so")), actor);
        if (application is null)
        {
            Errors["mon"] = Offer.Open ? "Regrade.Apply.ChooseSubjects" : "Regrade.Apply.Closed";
        }

        if (Errors.Count > 0 || Key == Guid.Empty)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            Key = Key == Guid.Empty ? Guid.NewGuid() : Key;
            return Page();
        }

        Submitted = await submission.SubmitAsync(application!, ct);
        return Page();
    }

    /// <summary>Checks the three factors and loads what the candidate may ask; the answer to show instead when they fail.</summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var checkedResult = await check.CheckAsync(HttpContext, ExamId, Number, DateOfBirth, ct);
        if (checkedResult.Outcome == CandidateCheckOutcome.Refused)
        {
            return checkedResult.Refused;
        }

        if (checkedResult.Result is not { } result
            || await RegradeService.OfferAsync(db, result.ExamId, result.Number, clock.GetUtcNow(), ct) is not { } offer)
        {
            return NotFound();
        }

        Offer = offer;
        return null;
    }
}
