using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Services.Web.Security;
using Services.Workflows.Exams;

namespace Services.Web.Pages.Exams;

/// <summary>
/// The one check of a candidate's three factors (exam, candidate number, date of birth) behind every page that shows
/// or acts on a result: the lookup, its PDF and the re-grading request. Before the publication minute nothing else is
/// checked; an unknown number and a wrong date of birth fail alike and count against <see cref="LookupGuard"/>.
/// </summary>
public sealed class CandidateCheck(ExamResults results, LookupGuard guard)
{
    private const string GuardKind = "result";

    public async Task<CandidateCheckResult> CheckAsync(HttpContext http, Guid? examId, string? number, string? dateOfBirth, CancellationToken ct)
    {
        var normalized = CandidateNumber.Normalize(number);
        DateOnly? dob = DateOnly.TryParseExact(dateOfBirth, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed : null;
        if (examId is not { } exam || string.IsNullOrWhiteSpace(number) || dob is null)
        {
            return new CandidateCheckResult(CandidateCheckOutcome.MissingInput);
        }

        var (published, publishAt) = await results.PublicationAsync(exam, ct);
        if (!published && publishAt is { } at)
        {
            return new CandidateCheckResult(CandidateCheckOutcome.NotYetPublished, PublishAt: at);
        }

        var guarded = $"{exam:N}:{normalized ?? number.Trim()}";
        if (await guard.BeforeAsync(http, GuardKind, guarded, ct) is { } refused)
        {
            return new CandidateCheckResult(CandidateCheckOutcome.Refused, Refused: refused);
        }

        var found = normalized is null || !published ? null : await results.FindAsync(exam, normalized, ct);
        if (found is null || found.DateOfBirth != dob)
        {
            await guard.FailedAsync(GuardKind, guarded, null, ct);
            return new CandidateCheckResult(CandidateCheckOutcome.NotFound);
        }

        return new CandidateCheckResult(CandidateCheckOutcome.Found, found);
    }
}

public enum CandidateCheckOutcome
{
    MissingInput,
    NotYetPublished,
    Refused,
    NotFound,
    Found,
}

public sealed record CandidateCheckResult(CandidateCheckOutcome Outcome, ExamResult? Result = null, DateTimeOffset? PublishAt = null, IActionResult? Refused = null);
