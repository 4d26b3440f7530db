using Services.Data.Workflows;
using Services.Tests.Samples;
using Services.Workflows.Runtime;

namespace Services.Tests.Unit.Workflows;

public sealed class WorkflowMachineTests
{
    private static readonly WorkflowBlueprint Leave = new WorkflowRegistry([new SampleLeaveWorkflow()]).Get(SampleLeaveWorkflow.DefinitionName, 1);

    [Fact]
    public void ADecisionEventMovesAHumanStepToItsTarget()
    {
        var decision = WorkflowMachine.Decide(Leave, WorkflowStatus.Running, "review", "supplement", alreadyProcessed: false);
        Assert.Equal(TransitionOutcome.Applied, decision.Outcome);
        Assert.Equal(("review", "waiting-supplement", StepKind.Wait, WorkflowStatus.Running), (decision.From.Name, decision.To!.Name, decision.To.Kind, decision.StatusAfter));
    }

    [Fact]
    public void ReachingAnEndStepCompletesTheInstance()
    {
        var decision = WorkflowMachine.Decide(Leave, WorkflowStatus.Running, "review", "approve", alreadyProcessed: false);
        Assert.Equal(("approved", WorkflowStatus.Completed), (decision.To!.Name, decision.StatusAfter));
        Assert.Single(decision.Transition!.Notifications);
    }

    [Fact]
    public void AnEventAlreadyProcessedIsADuplicateEvenIfItWouldApplyAgain()
    {
        var decision = WorkflowMachine.Decide(Leave, WorkflowStatus.Running, "review", "approve", alreadyProcessed: true);
        Assert.Equal(TransitionOutcome.Duplicate, decision.Outcome);
        Assert.Null(decision.To);
        Assert.Equal(WorkflowStatus.Running, decision.StatusAfter);
    }

    [Fact]
    public void AnEventTheStepDoesNotWaitForIsNotApplicable()
    {
        Assert.Equal(TransitionOutcome.NotApplicable, WorkflowMachine.Decide(Leave, WorkflowStatus.Running, "review", "supplied", false).Outcome);
        Assert.Equal(TransitionOutcome.NotApplicable, WorkflowMachine.Decide(Leave, WorkflowStatus.Running, "approved", "approve", false).Outcome);
    }

    [Theory]
    [InlineData(WorkflowStatus.Completed)]
    [InlineData(WorkflowStatus.Cancelled)]
    [InlineData(WorkflowStatus.Incident)]
    public void AnInstanceThatIsNotRunningTakesNoEvents(WorkflowStatus status)
    {
        Assert.Equal(TransitionOutcome.NotApplicable, WorkflowMachine.Decide(Leave, status, "review", "approve", false).Outcome);
    }

    [Fact]
    public void AnInstanceFollowsTheVersionItIsPinnedTo()
    {
        var registry = new WorkflowRegistry([new SampleLeaveWorkflow()]);
        // Version 1 approves straight to the end; version 2 runs the automated "issue" step first.
        Assert.Equal("approved", WorkflowMachine.Decide(registry.Get(SampleLeaveWorkflow.DefinitionName, 1), WorkflowStatus.Running, "review", "approve", false).To!.Name);
        Assert.Equal("issue", WorkflowMachine.Decide(registry.Get(SampleLeaveWorkflow.DefinitionName, 2), WorkflowStatus.Running, "check", "approve", false).To!.Name);
        Assert.Throws<InvalidOperationException>(() => WorkflowMachine.Decide(registry.Get(SampleLeaveWorkflow.DefinitionName, 2), WorkflowStatus.Running, "review", "approve", false));
    }
}
