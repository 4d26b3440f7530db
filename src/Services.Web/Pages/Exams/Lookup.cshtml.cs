using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Services.Web.Localization;
using Services.Workflows.Exams;

namespace Services.Web.Pages.Exams;

/// <summary>
/// Tra cứu điểm thi: the exam, the candidate number and the date of birth, all three needed. "No such number" and
/// "wrong date of birth" get the same answer, and <see cref="Security.LookupGuard"/> limits guessing per client and per number.
/// Before the publication minute the page says when results open and checks nothing else (ADR 0014). With JavaScript the
/// form asks <see cref="Endpoints.ResultsLookupEndpoints"/> instead and fills the same card (ADR 0039); this post is the
/// answer without it.
/// </summary>
public sealed class LookupModel(ExamResults results, CandidateCheck check, TimeProvider clock, IStringLocalizer<ExamsResource> words) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "ky-thi")]
    public Guid? ExamId { get; set; }

    [BindProperty(Name = "so-bao-danh")]
    public string? Number { get; set; }

    [BindProperty(Name = "ngay-sinh")]
    public string? DateOfBirth { get; set; }

    public IReadOnlyList<AnnouncedExam> Exams { get; private set; } = [];
    public ExamResult? Result { get; private set; }
    public DateTimeOffset? NotYetPublishedUntil { get; private set; }
    public bool NotFoundMessage { get; private set; }
    public bool MissingInput { get; private set; }

    /// <summary>The found result as the page shows it.</summary>
    public ExamResultView? View => Result is { } result ? ExamResultView.From(result, clock.GetUtcNow(), words) : null;

    public async Task OnGetAsync(CancellationToken ct) => Exams = await results.AnnouncedAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Exams = await results.AnnouncedAsync(ct);
        return await FindAsync(ct) ?? Page();
    }

    /// <summary>The result as a PDF; the same three factors are checked again.</summary>
    public async Task<IActionResult> OnPostDocumentAsync(CancellationToken ct)
    {
        Exams = await results.AnnouncedAsync(ct);
        if (await FindAsync(ct) is { } refused)
        {
            return refused;
        }

        if (Result is not { } result)
        {
            return Page();
        }

        Response.Headers.CacheControl = "no-store";
        return File(ExamResultDocument.Render(result, clock.GetUtcNow()), "application/pdf", $"giay-bao-diem-{result.Number}.pdf");
    }

    private async Task<IActionResult?> FindAsync(CancellationToken ct)
    {
        var checkedResult = await check.CheckAsync(HttpContext, ExamId, Number, DateOfBirth, ct);
        switch (checkedResult.Outcome)
        {
            case CandidateCheckOutcome.MissingInput:
                MissingInput = true;
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return null;
            case CandidateCheckOutcome.NotYetPublished:
                NotYetPublishedUntil = checkedResult.PublishAt;
                return null;
            case CandidateCheckOutcome.Refused:
                return checkedResult.Refused;
            case CandidateCheckOutcome.NotFound:
                NotFoundMessage = true;
                Response.StatusCode = StatusCodes.Status404NotFound;
                return null;
            default:
                Result = checkedResult.Result;
                return null;
        }
    }
}
