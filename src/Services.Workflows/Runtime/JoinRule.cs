using System.Globalization;
using System.Text.Json.Nodes;

namespace Services.Workflows.Runtime;

/// <summary>
/// When a parallel step is done, and with which event it leaves: a pure rule over the branches ended so far (their
/// outcome and what they carried). Evaluated each time a branch ends; the first verdict with an event leaves the
/// step and cancels the branches still open.
/// </summary>
public abstract record JoinRule
{
    /// <summary>Every event a verdict can carry; the parallel step must have a transition for each.</summary>
    public abstract IReadOnlyList<string> Events { get; }

    public abstract JoinVerdict Evaluate(int branchCount, IReadOnlyList<BranchResult> ended);
}

/// <param name="Branch">The branch's step name.</param>
/// <param name="Outcome">The event that ended it.</param>
/// <param name="Payload">What that event carried (a decision's comment, a grader's score).</param>
public sealed record BranchResult(string Branch, string Outcome, JsonObject Payload);

/// <param name="Event">Null: wait for more branches.</param>
/// <param name="StateChanges">Merged into the instance state as the step is left (e.g. the agreed score).</param>
public sealed record JoinVerdict(string? Event, JsonObject? StateChanges = null)
{
    public static readonly JoinVerdict Wait = new(Event: null);
}

public static class Join
{
    /// <summary>Every branch must end with <paramref name="outcome"/>; the first that does not decides <paramref name="otherwise"/>.</summary>
    public static JoinRule All(string outcome, string otherwise) => new CountJoin(null, outcome, otherwise);

    /// <summary>The first branch ending with <paramref name="outcome"/> decides; <paramref name="otherwise"/> when none can any more.</summary>
    public static JoinRule Any(string outcome, string otherwise) => new CountJoin(1, outcome, otherwise);

    /// <summary><paramref name="n"/> branches ending with <paramref name="outcome"/> decide; <paramref name="otherwise"/> as soon as that is out of reach.</summary>
    public static JoinRule NOf(int n, string outcome, string otherwise)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        return new CountJoin(n, outcome, otherwise);
    }

    /// <summary>
    /// A quorum of <paramref name="quorum"/> branches must each carry a number under <paramref name="key"/>. When they
    /// differ by at most <paramref name="tolerance"/>, <paramref name="agreed"/> with their mean under <paramref name="key"/>;
    /// otherwise (or when a branch ended without a number) <paramref name="diverged"/> with the numbers given under
    /// <c>{key}Given</c>, for whoever decides next.
    /// </summary>
    public static JoinRule Agreement(int quorum, string key, decimal tolerance, string agreed, string diverged)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quorum);
        ArgumentOutOfRangeException.ThrowIfNegative(tolerance);
        return new AgreementJoin(quorum, key, tolerance, agreed, diverged);
    }

    /// <param name="Needed">Null: all branches.</param>
    public sealed record CountJoin(int? Needed, string Outcome, string Otherwise) : JoinRule
    {
        public override IReadOnlyList<string> Events => [Outcome, Otherwise];

        public override JoinVerdict Evaluate(int branchCount, IReadOnlyList<BranchResult> ended)
        {
            ArgumentNullException.ThrowIfNull(ended);
            var needed = Math.Min(Needed ?? branchCount, branchCount);
            var passed = ended.Count(b => b.Outcome == Outcome);
            if (passed >= needed)
            {
                return new JoinVerdict(Outcome);
            }

            var stillOpen = branchCount - ended.Count;
            return passed + stillOpen < needed ? new JoinVerdict(Otherwise) : JoinVerdict.Wait;
        }
    }

    public sealed record AgreementJoin(int Quorum, string Key, decimal Tolerance, string Agreed, string Diverged) : JoinRule
    {
        public override IReadOnlyList<string> Events => [Agreed, Diverged];

        public override JoinVerdict Evaluate(int branchCount, IReadOnlyList<BranchResult> ended)
        {
            ArgumentNullException.ThrowIfNull(ended);
            if (ended.Count < Math.Min(Quorum, branchCount))
            {
                return JoinVerdict.Wait;
            }

            var numbers = ended.Select(b => Number(b.Payload[Key])).ToList();
            var given = new JsonArray([.. numbers.Where(n => n is not null).Select(n => JsonValue.Create(n!.Value))]);
            if (numbers.Any(n => n is null) || numbers.Max() - numbers.Min() > Tolerance)
            {
                return new JoinVerdict(Diverged, new JsonObject { [$"{Key}Given"] = given });
            }

            var mean = Math.Round(numbers.Average(n => n!.Value), 2, MidpointRounding.AwayFromZero);
            return new JoinVerdict(Agreed, new JsonObject { [Key] = mean, [$"{Key}Given"] = given });
        }

        private static decimal? Number(JsonNode? node) => node switch
        {
            JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number => decimal.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture),
            JsonValue v when v.TryGetValue<string>(out var s) && decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }
}
