using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Services.Web.Security;
using Services.Workflows.Exams;

namespace Services.Web.Pages.Exams;

/// <summary>
/// Tra cứu điểm thi: the exam, the candidate number and the date of birth, all three needed. "No such number" and
/// "wrong date of birth" get the same answer, and <see cref="LookupGuard"/> limits guessing per client and per number.
/// Before the publication minute the page says when results open and checks nothing else (ADR 0014).
/// </summary>
public sealed class LookupModel(ExamResults results, LookupGuard guard, TimeProvider clock) : PageModel
{
    private const string GuardKind = "result";

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
        var number = CandidateNumber.Normalize(Number);
        DateOnly? dob = DateOnly.TryParseExact(DateOfBirth, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed : null;
        if (ExamId is not { } examId || string.IsNullOrWhiteSpace(Number) || dob is null)
        {
            MissingInput = true;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return null;
        }

        var (published, publishAt) = await results.PublicationAsync(examId, ct);
        if (!published && publishAt is { } at)
        {
            NotYetPublishedUntil = at;
            return null;
        }

        var guarded = $"{examId:N}:{number ?? Number.Trim()}";
        if (await guard.BeforeAsync(HttpContext, GuardKind, guarded, ct) is { } refused)
        {
            return refused;
        }

        var found = number is null || !published ? null : await results.FindAsync(examId, number, ct);
        if (found is null || found.DateOfBirth != dob)
        {
            await guard.FailedAsync(GuardKind, guarded, null, ct);
            NotFoundMessage = true;
            Response.StatusCode = StatusCodes.Status404NotFound;
            return null;
        }

        Result = found;
        return null;
    }
}
