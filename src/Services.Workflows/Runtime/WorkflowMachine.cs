using System.Text.Json.Nodes;
using Services.Data.Workflows;

namespace Services.Workflows.Runtime;

/// <summary>
/// The engine's rule, free of I/O: given where an instance is and an event, what happens. The runtime reads the
/// instance (and, in a parallel step, its branches), asks this, and writes the answer.
/// </summary>
public static class WorkflowMachine
{
    public static Decision Decide(WorkflowBlueprint blueprint, WorkflowStatus status, string currentStep, string eventName, bool alreadyProcessed) =>
        Decide(blueprint, status, currentStep, new WorkflowEvent("", eventName), alreadyProcessed, []);

    /// <param name="branches">The current parallel step's branches as stored (empty for any other step).</param>
    public static Decision Decide(WorkflowBlueprint blueprint, WorkflowStatus status, string currentStep, WorkflowEvent workflowEvent, bool alreadyProcessed,
        IReadOnlyList<BranchState> branches)
    {
        ArgumentNullException.ThrowIfNull(blueprint);
        ArgumentNullException.ThrowIfNull(workflowEvent);
        ArgumentNullException.ThrowIfNull(branches);
        var from = blueprint.Step(currentStep);
        if (alreadyProcessed)
        {
            // Checked first: a redelivery must change nothing even if the event would apply again.
            return new Decision(TransitionOutcome.Duplicate, from, null, null, status);
        }

        var notApplicable = new Decision(TransitionOutcome.NotApplicable, from, null, null, status);
        if (status != WorkflowStatus.Running)
        {
            return notApplicable;
        }

        if (from.Kind == StepKind.Parallel && BranchFor(from, branches, workflowEvent) is { } branch)
        {
            return EndBranch(blueprint, from, branch, branches, workflowEvent);
        }

        if (workflowEvent.Step is { } addressed && addressed != from.Name)
        {
            return notApplicable;
        }

        if (from.Join is { } join && join.Events.Contains(workflowEvent.Name))
        {
            // A join's events are the join's to raise: the same event name from outside must not skip the branches.
            return notApplicable;
        }

        if (from.Collects.TryGetValue(workflowEvent.Name, out var collectKey))
        {
            return new Decision(TransitionOutcome.Applied, from, null, from, WorkflowStatus.Running) { CollectKey = collectKey };
        }

        var transition = from.On(workflowEvent.Name);
        if (transition is null)
        {
            return notApplicable;
        }

        var to = blueprint.Step(transition.Target);
        return new Decision(TransitionOutcome.Applied, from, transition, to, StatusOf(to));
    }

    /// <summary>The active branch the event ends: the addressed one, or else the only active branch that takes it.</summary>
    private static StepDefinition? BranchFor(StepDefinition parallel, IReadOnlyList<BranchState> branches, WorkflowEvent workflowEvent)
    {
        var candidates = parallel.Branches
            .Where(b => workflowEvent.Step is null || b.Name == workflowEvent.Step)
            .Where(b => b.On(workflowEvent.Name) is not null && branches.Any(s => s.Step == b.Name && s.Status == BranchStatus.Active))
            .ToList();
        return candidates.Count == 1 ? candidates[0] : null;
    }

    private static Decision EndBranch(WorkflowBlueprint blueprint, StepDefinition parallel, StepDefinition branch, IReadOnlyList<BranchState> branches,
        WorkflowEvent workflowEvent)
    {
        var ended = branches
            .Where(b => b.Status == BranchStatus.Ended && b.Outcome is not null)
            .Select(b => new BranchResult(b.Step, b.Outcome!, b.Payload ?? []))
            .Append(new BranchResult(branch.Name, workflowEvent.Name, workflowEvent.Payload ?? []))
            .ToList();
        var verdict = parallel.Join!.Evaluate(parallel.Branches.Count, ended);
        if (verdict.Event is null)
        {
            return new Decision(TransitionOutcome.Applied, parallel, null, parallel, WorkflowStatus.Running) { Branch = branch };
        }

        var transition = parallel.On(verdict.Event)!;
        var to = blueprint.Step(transition.Target);
        return new Decision(TransitionOutcome.Applied, parallel, transition, to, StatusOf(to)) { Branch = branch, Joined = verdict };
    }

    private static WorkflowStatus StatusOf(StepDefinition step) => step.Kind == StepKind.End ? step.EndStatus : WorkflowStatus.Running;
}

/// <param name="To">The step entered when <see cref="Outcome"/> is <see cref="TransitionOutcome.Applied"/>; the same step when the
/// event ended a branch without deciding the join, or was collected.</param>
/// <param name="Transition">Null when the instance stays in its step.</param>
public sealed record Decision(TransitionOutcome Outcome, StepDefinition From, TransitionDefinition? Transition, StepDefinition? To, WorkflowStatus StatusAfter)
{
    /// <summary>The branch of a parallel step the event ended.</summary>
    public StepDefinition? Branch { get; init; }

    /// <summary>The join's verdict when the ended branch decided it.</summary>
    public JoinVerdict? Joined { get; init; }

    /// <summary>The event is collected into this state key's list; the step stays as it is.</summary>
    public string? CollectKey { get; init; }

    public bool LeavesStep => Transition is not null;
}

/// <summary>A branch as stored, with what its ending event carried (kept in <c>state[parallel][branch]</c>).</summary>
public sealed record BranchState(string Step, BranchStatus Status, string? Outcome, JsonObject? Payload);
