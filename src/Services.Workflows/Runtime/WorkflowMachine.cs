using Services.Data.Workflows;

namespace Services.Workflows.Runtime;

/// <summary>
/// The engine's rule, free of I/O: given where an instance is and an event, what happens. The runtime reads the
/// instance, asks this, and writes the answer.
/// </summary>
public static class WorkflowMachine
{
    public static Decision Decide(WorkflowBlueprint blueprint, WorkflowStatus status, string currentStep, string eventName, bool alreadyProcessed)
    {
        ArgumentNullException.ThrowIfNull(blueprint);
        var from = blueprint.Step(currentStep);
        if (alreadyProcessed)
        {
            // Checked first: a redelivery must change nothing even if the event would apply again.
            return new Decision(TransitionOutcome.Duplicate, from, null, null, status);
        }

        var transition = status == WorkflowStatus.Running ? from.On(eventName) : null;
        if (transition is null)
        {
            return new Decision(TransitionOutcome.NotApplicable, from, null, null, status);
        }

        var to = blueprint.Step(transition.Target);
        return new Decision(TransitionOutcome.Applied, from, transition, to, to.Kind == StepKind.End ? to.EndStatus : WorkflowStatus.Running);
    }
}

/// <param name="To">The step entered when <see cref="Outcome"/> is <see cref="TransitionOutcome.Applied"/>.</param>
public sealed record Decision(TransitionOutcome Outcome, StepDefinition From, TransitionDefinition? Transition, StepDefinition? To, WorkflowStatus StatusAfter);
