using System.Text.Json.Nodes;
using Services.Workflows.Regrading;
using Services.Workflows.Runtime;

namespace Services.Tests.Unit.Regrading;

/// <summary>The re-grading board's rule: each paper a two-grader agreement, the head only when some paper diverges.</summary>
public sealed class RegradeJoinTests
{
    private static readonly RegradeJoin Rule = new(0.5m, "graders-agree", "graders-differ");

    private static BranchResult Grader(int seat, params (string Subject, decimal Score)[] scores) =>
        new($"grading-{seat}", "graded", new JsonObject
        {
            [RegradeJoin.ScoresKey] = new JsonObject(scores.Select(s => KeyValuePair.Create(s.Subject, (JsonNode?)JsonValue.Create(s.Score)))),
        });

    [Fact]
    public void One_grader_is_not_enough()
    {
        Assert.Null(Rule.Evaluate(2, [Grader(1, ("Toán", 7m))]).Event);
    }

    [Fact]
    public void Every_paper_within_the_tolerance_gives_the_means()
    {
        var verdict = Rule.Evaluate(2, [Grader(1, ("Toán", 7m), ("Văn", 6m)), Grader(2, ("Toán", 7.5m), ("Văn", 6m))]);

        Assert.Equal("graders-agree", verdict.Event);
        var final = verdict.StateChanges![RegradeJoin.FinalScoresKey]!.AsObject();
        Assert.Equal(7.25m, final["Toán"]!.GetValue<decimal>());
        Assert.Equal(6m, final["Văn"]!.GetValue<decimal>());
    }

    [Fact]
    public void One_paper_beyond_the_tolerance_goes_to_the_head_with_both_scores_and_the_agreed_papers_means()
    {
        var verdict = Rule.Evaluate(2, [Grader(1, ("Toán", 7m), ("Văn", 6m)), Grader(2, ("Toán", 7.75m), ("Văn", 6.25m))]);

        Assert.Equal("graders-differ", verdict.Event);
        var final = verdict.StateChanges![RegradeJoin.FinalScoresKey]!.AsObject();
        Assert.False(final.ContainsKey("Toán"));
        Assert.Equal(6.13m, final["Văn"]!.GetValue<decimal>());
        var given = verdict.StateChanges[RegradeJoin.GivenKey]!["Toán"]!.AsArray().Select(n => n!.GetValue<decimal>()).ToList();
        Assert.Equal([7m, 7.75m], given);
    }

    [Fact]
    public void A_paper_one_grader_left_out_goes_to_the_head()
    {
        var verdict = Rule.Evaluate(2, [Grader(1, ("Toán", 7m), ("Văn", 6m)), Grader(2, ("Toán", 7m))]);
        Assert.Equal("graders-differ", verdict.Event);
    }

    [Theory]
    [InlineData("7.25", true)]
    [InlineData("10", true)]
    [InlineData("0", true)]
    [InlineData("10.5", false)]
    [InlineData("-1", false)]
    [InlineData("7.125", false)]
    [InlineData("bảy", false)]
    public void Scores_are_on_the_ten_point_scale_with_at_most_two_decimals(string text, bool valid)
    {
        Assert.Equal(valid, RegradePublication.ScoreOf(JsonValue.Create(text)) is not null);
    }
}
