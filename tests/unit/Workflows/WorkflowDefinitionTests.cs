using Services.Data.Identity;
using Services.Data.Workflows;
using Services.Tests.Samples;
using Services.Workflows.Runtime;

namespace Services.Tests.Unit.Workflows;

public sealed class WorkflowDefinitionTests
{
    private static readonly WorkflowRegistry Registry = new([new SampleLeaveWorkflow(), new SampleTimerWorkflow()]);

    [Fact]
    public void TheFirstStepDeclaredIsWhereInstancesStart()
    {
        var v1 = Registry.Get(SampleLeaveWorkflow.DefinitionName, 1);
        Assert.Equal("review", v1.Start.Name);
        Assert.Equal(StepKind.Human, v1.Start.Kind);
        Assert.Equal(new HumanAssignment(PortalRole.Staff, UnitRule.OfInstance, 3, 1), v1.Start.Assignment);
    }

    [Fact]
    public void NamedEventsLeadToTheirTargetSteps()
    {
        var review = Registry.Get(SampleLeaveWorkflow.DefinitionName, 1).Step("review");
        Assert.Equal("approved", review.On("approve")?.Target);
        Assert.Equal("rejected", review.On("reject")?.Target);
        Assert.Equal("waiting-supplement", review.On("supplement")?.Target);
        Assert.Null(review.On("supplied"));
        Assert.Single(review.On("approve")!.Notifications);
    }

    [Fact]
    public void EndStepsHaveNoWayOut()
    {
        var approved = Registry.Get(SampleLeaveWorkflow.DefinitionName, 1).Step("approved");
        Assert.Equal(StepKind.End, approved.Kind);
        Assert.Equal(WorkflowStatus.Completed, approved.EndStatus);
        Assert.Empty(approved.Transitions);
    }

    [Fact]
    public void NewInstancesTakeTheLatestVersionWhileOldVersionsStayAvailable()
    {
        Assert.Equal(2, Registry.Latest(SampleLeaveWorkflow.DefinitionName).Version);
        Assert.Equal("check", Registry.Latest(SampleLeaveWorkflow.DefinitionName).Start.Name);
        Assert.Equal("review", Registry.Get(SampleLeaveWorkflow.DefinitionName, 1).Start.Name);
        Assert.Throws<InvalidOperationException>(() => Registry.Get(SampleLeaveWorkflow.DefinitionName, 3));
    }

    [Fact]
    public void MigrationMapsRenamedStepsAndKeepsStepsThatKeptTheirName()
    {
        Assert.Equal("check", Registry.MapStep(SampleLeaveWorkflow.DefinitionName, 1, 2, "review"));
        Assert.Equal("waiting-supplement", Registry.MapStep(SampleLeaveWorkflow.DefinitionName, 1, 2, "waiting-supplement"));
        Assert.Equal("review", Registry.MapStep(SampleLeaveWorkflow.DefinitionName, 1, 1, "review"));
    }

    [Fact]
    public void MigrationRefusesAStepWithNowhereToGo()
    {
        var registry = new WorkflowRegistry([new DroppingWorkflow()]);
        var error = Assert.Throws<InvalidOperationException>(() => registry.MapStep("dropping", 1, 2, "b"));
        Assert.Contains("'b'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATransitionToAnUnknownStepIsRejectedWhenTheDefinitionIsBuilt()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new WorkflowRegistry([new BrokenWorkflow()]));
        Assert.Contains("nowhere", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VersionsMustIncrease()
    {
        Assert.Throws<InvalidOperationException>(() => new WorkflowRegistry([new DecreasingWorkflow()]));
    }

    [Fact]
    public void TwoDefinitionsCannotShareAName()
    {
        Assert.Throws<InvalidOperationException>(() => new WorkflowRegistry([new SampleTimerWorkflow(), new SampleTimerWorkflow()]));
    }

    [Fact]
    public void TemplatesFillCorrelationStepAndStateValues()
    {
        var state = new System.Text.Json.Nodes.JsonObject { ["applicantName"] = "Nguyễn Văn An", ["days"] = 2 };
        Assert.Equal("HS-1 approved Nguyễn Văn An 2 {unknown}",
            NotificationTemplate.Render("{correlation} {step} {state.applicantName} {state.days} {unknown}", "HS-1", "approved", state));
    }

    private sealed class DroppingWorkflow : WorkflowDefinition
    {
        public override string Name => "dropping";

        protected override void DefineVersions(WorkflowVersions versions) => versions
            .Add(1, w => w.Wait("a", "A", s => s.On("go", "b")).Wait("b", "B", s => s.On("go", "end")).End("end", "End"))
            .Add(2, w => w.Wait("a", "A", s => s.On("go", "end")).End("end", "End"));
    }

    private sealed class BrokenWorkflow : WorkflowDefinition
    {
        public override string Name => "broken";

        protected override void DefineVersions(WorkflowVersions versions) =>
            versions.Add(1, w => w.Wait("a", "A", s => s.On("go", "nowhere")));
    }

    private sealed class DecreasingWorkflow : WorkflowDefinition
    {
        public override string Name => "decreasing";

        protected override void DefineVersions(WorkflowVersions versions) => versions
            .Add(2, w => w.End("end", "End"))
            .Add(1, w => w.End("end", "End"));
    }
}
