using Services.Tests.Samples;
using Services.Workflows.Runtime;

namespace Services.Tests.Unit.Workflows;

public sealed class MermaidDiagramTests
{
    private static readonly WorkflowBlueprint Leave = new WorkflowRegistry([new SampleLeaveWorkflow()]).Get(SampleLeaveWorkflow.DefinitionName, 1);

    [Fact]
    public void RendersEveryStepAndEveryTransition()
    {
        var diagram = MermaidDiagram.Render(Leave);
        Assert.StartsWith("flowchart TD\n", diagram, StringComparison.Ordinal);
        Assert.Contains("    s_review[\"Xét duyệt đơn<br/>Staff · 3 ngày làm việc\"]\n", diagram, StringComparison.Ordinal);
        Assert.Contains("    s_waiting_supplement[/\"Chờ bổ sung\"/]\n", diagram, StringComparison.Ordinal);
        Assert.Contains("    s_approved([\"Đã duyệt\"])\n", diagram, StringComparison.Ordinal);
        Assert.Contains("    s_review -->|approve| s_approved\n", diagram, StringComparison.Ordinal);
        Assert.Contains("    s_waiting_supplement -->|supplied| s_review\n", diagram, StringComparison.Ordinal);
        Assert.DoesNotContain("classDef", diagram, StringComparison.Ordinal);
    }

    [Fact]
    public void HighlightsThePathSoFarAndTheCurrentStep()
    {
        var diagram = MermaidDiagram.Render(Leave, ["review", "waiting-supplement", "review", "approved"]);
        Assert.Contains("classDef visited", diagram, StringComparison.Ordinal);
        Assert.Contains("classDef current", diagram, StringComparison.Ordinal);
        Assert.Contains("    class s_review,s_waiting_supplement visited\n", diagram, StringComparison.Ordinal);
        Assert.Contains("    class s_approved current\n", diagram, StringComparison.Ordinal);
        // Edges in declaration order: 0 approve, 1 reject, 2 supplement, 3 supplied.
        Assert.Contains("    linkStyle 0,2,3 stroke:#0f5132,stroke-width:3px\n", diagram, StringComparison.Ordinal);
    }

    [Fact]
    public void EscapesQuotesInTitles()
    {
        var registry = new WorkflowRegistry([new QuotedWorkflow()]);
        var diagram = MermaidDiagram.Render(registry.Latest("quoted"));
        Assert.Contains("s_a[/\"Chờ #quot;A#quot;\"/]", diagram, StringComparison.Ordinal);
    }

    private sealed class QuotedWorkflow : WorkflowDefinition
    {
        public override string Name => "quoted";

        protected override void DefineVersions(WorkflowVersions versions) =>
            versions.Add(1, w => w.Wait("a", "Chờ \"A\"", s => s.On("go", "b")).End("b", "B"));
    }
}
