using System.Text.Json.Nodes;
using Services.Workflows.Runtime;

namespace Services.Workflows.Regrading;

/// <summary>
/// The two re-graders' verdict on every paper of the request: each paper is a two-grader <see cref="Join.Agreement"/>
/// of its own (the graders' scores within <see cref="Tolerance"/> give their mean). When every paper agrees the
/// request leaves with <see cref="Agreed"/> and the final scores; otherwise with <see cref="Diverged"/>, carrying each
/// grader's scores and the means of the papers that did agree, for the head of the board.
/// </summary>
public sealed record RegradeJoin(decimal Tolerance, string Agreed, string Diverged) : JoinRule
{
    /// <summary>What a grader's decision carries: subject → score.</summary>
    public const string ScoresKey = "scores";

    /// <summary>Subject → the score the graders agreed on (all papers when agreed, the agreeing ones otherwise).</summary>
    public const string FinalScoresKey = "finalScores";

    /// <summary>Subject → the scores each grader gave, in the order they decided.</summary>
    public const string GivenKey = "gradersScores";

    private const int Graders = 2;
    private const string PaperKey = "score";

    public override IReadOnlyList<string> Events => [Agreed, Diverged];

    public override JoinVerdict Evaluate(int branchCount, IReadOnlyList<BranchResult> ended)
    {
        ArgumentNullException.ThrowIfNull(ended);
        if (ended.Count < Math.Min(Graders, branchCount))
        {
            return JoinVerdict.Wait;
        }

        var subjects = ended.SelectMany(b => (b.Payload[ScoresKey] as JsonObject)?.Select(p => p.Key) ?? []).Distinct(StringComparer.Ordinal).ToList();
        var paper = Join.Agreement(Graders, PaperKey, Tolerance, Agreed, Diverged);
        var final = new JsonObject();
        var given = new JsonObject();
        var allAgree = subjects.Count > 0;
        foreach (var subject in subjects)
        {
            var verdict = paper.Evaluate(branchCount, [.. ended.Select(b => b with { Payload = new JsonObject { [PaperKey] = b.Payload[ScoresKey]?[subject]?.DeepClone() } })]);
            given[subject] = verdict.StateChanges?[$"{PaperKey}Given"]?.DeepClone();
            if (verdict.Event == Agreed)
            {
                final[subject] = verdict.StateChanges![PaperKey]!.DeepClone();
            }
            else
            {
                allAgree = false;
            }
        }

        return new JoinVerdict(allAgree ? Agreed : Diverged, new JsonObject { [FinalScoresKey] = final, [GivenKey] = given });
    }
}
