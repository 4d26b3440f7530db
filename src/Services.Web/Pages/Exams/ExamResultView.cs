using System.Globalization;
using Microsoft.Extensions.Localization;
using Services.Web.Localization;
using Services.Workflows.Exams;

namespace Services.Web.Pages.Exams;

/// <summary>
/// A found result as the candidate reads it: every figure and date already written out in the visitor's language. The
/// page renders it on a plain form post, the lookup endpoint sends it as JSON for the page's script (ADR 0039), so both
/// show the same words and the same scores.
/// </summary>
public sealed record ExamResultView(string ExamName, string Number, string FullName, string School, string Room,
    IReadOnlyList<ScoreLine> Scores, IReadOnlyList<ScoreChangeLine> History, string? Regrade)
{
    /// <summary>Whether a score changed after re-grading: the score table then shows the score before it.</summary>
    public bool Changed => History.Count > 0;

    public static ExamResultView From(ExamResult result, DateTimeOffset now, IStringLocalizer<ExamsResource> words)
    {
        var changed = result.History.Count > 0;
        return new ExamResultView(result.ExamName, result.Number, result.FullName, result.School, result.Room,
            [.. result.Scores.Select(s => new ScoreLine(s.Subject,
                changed && result.History.Any(h => h.Subject == s.Subject) ? Score(result.ScoreBefore(s.Subject)) : "",
                s.Score is { } score ? Score(score) : words["Exams.Lookup.Absent"].Value))],
            [.. result.History.Select(h => new ScoreChangeLine(VietnamTime.DateTime(h.ChangedAt), h.Subject, Score(h.OldScore), Score(h.NewScore), h.TrackingCode))],
            result.TakesRegrades(now) ? words["Regrade.Result.Open", VietnamTime.DateTime(result.RegradeUntil!.Value)].Value : null);
    }

    private static string Score(decimal? score) => score is { } s ? s.ToString("0.00", CultureInfo.InvariantCulture) : "—";
}

/// <summary>One subject: the score before re-grading (empty when it did not change) and the score now.</summary>
public sealed record ScoreLine(string Subject, string Before, string Score);

/// <summary>One change of a score by re-grading.</summary>
public sealed record ScoreChangeLine(string When, string Subject, string Before, string After, string Dossier);

/// <summary>
/// The result card's model: the result and the three factors its PDF and re-grading forms post again. <see cref="Template"/>
/// is the card the page carries for its script, with one sample row of each table and every optional part present.
/// </summary>
public sealed record ExamResultCard(ExamResultView View, string? ExamId, string? Number, string? DateOfBirth)
{
    public static readonly ExamResultCard Template = new(
        new ExamResultView("", "", "", "", "", [new ScoreLine("", "", "")], [new ScoreChangeLine("", "", "", "", "")], ""), null, null, null);
}
