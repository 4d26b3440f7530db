using Services.Data.Identity;
using Services.Data.Workflows;

namespace Services.Workflows.Runtime;

/// <summary>Declares the steps of one version. The first step declared is the start step.</summary>
public sealed class WorkflowBuilder
{
    private readonly List<StepDefinition> _steps = [];

    public WorkflowBuilder Human(string name, string title, PortalRole role, int workingDays, Action<StepTransitions> transitions,
        UnitRule? unit = null, int reminderWorkingDaysBefore = 1, string? workingDaysFromState = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workingDays);
        ArgumentOutOfRangeException.ThrowIfNegative(reminderWorkingDaysBefore);
        var collected = Collect(transitions);
        return Add(new StepDefinition(name, title, StepKind.Human, collected.Transitions,
            Assignment: new HumanAssignment(role, unit ?? UnitRule.OfInstance, workingDays, reminderWorkingDaysBefore, workingDaysFromState),
            Delay: collected.Timeout, TimerEvent: collected.Timeout is null ? null : StepTransitions.TimeoutEvent));
    }

    public WorkflowBuilder Automated(string name, string title, AutomatedAction action, Action<StepTransitions> transitions) =>
        Add(new StepDefinition(name, title, StepKind.Automated, Collect(transitions, timeoutAllowed: false).Transitions, Action: action));

    public WorkflowBuilder Timer(string name, string title, TimeSpan delay, Action<StepTransitions> transitions, string eventName = "timeout") =>
        Add(new StepDefinition(name, title, StepKind.Timer, Collect(transitions, timeoutAllowed: false).Transitions, Delay: delay, TimerEvent: eventName));

    public WorkflowBuilder Wait(string name, string title, Action<StepTransitions> transitions)
    {
        var collected = Collect(transitions);
        return Add(new StepDefinition(name, title, StepKind.Wait, collected.Transitions,
            Delay: collected.Timeout, TimerEvent: collected.Timeout is null ? null : StepTransitions.TimeoutEvent));
    }

    public WorkflowBuilder End(string name, string title, WorkflowStatus status = WorkflowStatus.Completed) =>
        Add(new StepDefinition(name, title, StepKind.End, [], EndStatus: status));

    internal WorkflowBlueprint Build(string workflow, int version, IReadOnlyDictionary<string, string> stepsFromPrevious)
    {
        if (_steps.Count == 0)
        {
            throw new InvalidOperationException($"Workflow {workflow} v{version} has no steps.");
        }

        var names = _steps.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var transition in _steps.SelectMany(s => s.Transitions))
        {
            if (!names.Contains(transition.Target))
            {
                throw new InvalidOperationException($"Workflow {workflow} v{version}: transition '{transition.Event}' goes to unknown step '{transition.Target}'.");
            }
        }

        foreach (var target in stepsFromPrevious.Values.Where(t => !names.Contains(t)))
        {
            throw new InvalidOperationException($"Workflow {workflow} v{version}: the migration maps onto unknown step '{target}'.");
        }

        return new WorkflowBlueprint(workflow, version, [.. _steps], stepsFromPrevious);
    }

    private WorkflowBuilder Add(StepDefinition step)
    {
        if (_steps.Any(s => s.Name == step.Name))
        {
            throw new InvalidOperationException($"Step '{step.Name}' is declared twice.");
        }

        _steps.Add(step);
        return this;
    }

    private static StepTransitions Collect(Action<StepTransitions> transitions, bool timeoutAllowed = true)
    {
        var collected = new StepTransitions();
        transitions(collected);
        if (!timeoutAllowed && collected.Timeout is not null)
        {
            throw new InvalidOperationException("Only human and wait steps have a timeout (a timer step is one already).");
        }

        return collected;
    }
}

public sealed class StepTransitions
{
    /// <summary>The event a step's timeout raises; its transition is the one <see cref="AfterTimeout"/> declares.</summary>
    public const string TimeoutEvent = "timeout";

    internal List<TransitionDefinition> Transitions { get; } = [];

    internal TimeSpan? Timeout { get; private set; }

    /// <summary>
    /// If the step is still waiting <paramref name="delay"/> after it was entered (no decision, no event), go to
    /// <paramref name="target"/>: e.g. "not confirmed within 2 days → seat released". The timer is durable and is
    /// cancelled when the step is left any other way.
    /// </summary>
    public StepTransitions AfterTimeout(TimeSpan delay, string target, params NotificationTemplate[] notify)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(delay, TimeSpan.Zero);
        if (Timeout is not null)
        {
            throw new InvalidOperationException("A step has one timeout.");
        }

        Timeout = delay;
        return On(TimeoutEvent, target, notify);
    }

    /// <summary>On <paramref name="eventName"/>, go to <paramref name="target"/> and send <paramref name="notify"/>.</summary>
    public StepTransitions On(string eventName, string target, params NotificationTemplate[] notify)
    {
        if (Transitions.Any(t => t.Event == eventName))
        {
            throw new InvalidOperationException($"Event '{eventName}' already has a transition from this step.");
        }

        Transitions.Add(new TransitionDefinition(eventName, target, notify));
        return this;
    }
}
