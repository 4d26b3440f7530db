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
        var collected = Collect(transitions, collectAllowed: false);
        return Add(new StepDefinition(name, title, StepKind.Human, collected.Transitions,
            Assignment: new HumanAssignment(role, unit ?? UnitRule.OfInstance, workingDays, reminderWorkingDaysBefore, workingDaysFromState),
            Due: collected.Timeout, TimerEvent: collected.Timeout is null ? null : StepTransitions.TimeoutEvent));
    }

    public WorkflowBuilder Automated(string name, string title, AutomatedAction action, Action<StepTransitions> transitions) =>
        Add(new StepDefinition(name, title, StepKind.Automated, Collect(transitions, timeoutAllowed: false).Transitions, Action: action));

    public WorkflowBuilder Timer(string name, string title, TimeSpan delay, Action<StepTransitions> transitions, string eventName = "timeout") =>
        Timer(name, title, DueRule.After(delay), transitions, eventName);

    /// <summary>Waits until <paramref name="due"/> (working days, a date in the state), then raises <paramref name="eventName"/>.</summary>
    public WorkflowBuilder Timer(string name, string title, DueRule due, Action<StepTransitions> transitions, string eventName = "timeout") =>
        Add(new StepDefinition(name, title, StepKind.Timer, Collect(transitions, timeoutAllowed: false).Transitions, Due: due, TimerEvent: eventName));

    public WorkflowBuilder Wait(string name, string title, Action<StepTransitions> transitions)
    {
        var collected = Collect(transitions);
        return Add(new StepDefinition(name, title, StepKind.Wait, collected.Transitions,
            Due: collected.Timeout, TimerEvent: collected.Timeout is null ? null : StepTransitions.TimeoutEvent) { Collects = collected.Collects });
    }

    /// <summary>
    /// Several steps at once: each branch declared in <paramref name="branches"/> (human, wait or timer steps, each with
    /// its own tasks, unit, due date and timers) ends on an event whose transition goes back to this step's
    /// <paramref name="name"/>; <paramref name="join"/> then decides whether the step is left and with which event,
    /// whose transition is declared in <paramref name="transitions"/> (as may be the step's own timeout).
    /// </summary>
    /// <param name="distinctDeciders">Each branch's task must be decided by a different person.</param>
    public WorkflowBuilder Parallel(string name, string title, Action<WorkflowBuilder> branches, JoinRule join, Action<StepTransitions> transitions,
        bool distinctDeciders = false)
    {
        ArgumentNullException.ThrowIfNull(branches);
        ArgumentNullException.ThrowIfNull(join);
        var inner = new WorkflowBuilder();
        branches(inner);
        if (inner._steps.Count == 0)
        {
            throw new InvalidOperationException($"Parallel step '{name}' has no branch.");
        }

        foreach (var branch in inner._steps)
        {
            if (branch.Kind is not (StepKind.Human or StepKind.Wait or StepKind.Timer))
            {
                throw new InvalidOperationException($"Branch '{branch.Name}' of '{name}' is a {branch.Kind} step; a branch is a human, wait or timer step.");
            }

            if (branch.Transitions.Count == 0 || branch.Transitions.Any(t => t.Target != name) || branch.Collects.Count > 0)
            {
                throw new InvalidOperationException($"Every event of branch '{branch.Name}' must go back to '{name}' (it ends the branch).");
            }
        }

        var collected = Collect(transitions, collectAllowed: false);
        foreach (var joined in join.Events.Where(e => collected.Transitions.All(t => t.Event != e)))
        {
            throw new InvalidOperationException($"Parallel step '{name}' can be joined with '{joined}' but has no transition for it.");
        }

        return Add(new StepDefinition(name, title, StepKind.Parallel, collected.Transitions,
            Due: collected.Timeout, TimerEvent: collected.Timeout is null ? null : StepTransitions.TimeoutEvent)
        {
            Branches = [.. inner._steps],
            Join = join,
            DistinctDeciders = distinctDeciders,
        });
    }

    /// <summary>
    /// A human step worked by <paramref name="seats"/> people of the same role at once (branches <c>{name}-1</c> …),
    /// each deciding one of <paramref name="outcomes"/>, no one twice; <paramref name="join"/> is the quorum and the
    /// rule for divergence (e.g. <see cref="Join.Agreement"/>: two graders, a head decides when they differ).
    /// </summary>
    public WorkflowBuilder Quorum(string name, string title, PortalRole role, int workingDays, int seats, IReadOnlyList<string> outcomes, JoinRule join,
        Action<StepTransitions> transitions, UnitRule? unit = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seats, 2);
        ArgumentNullException.ThrowIfNull(outcomes);
        return Parallel(name, title, branches =>
        {
            for (var seat = 1; seat <= seats; seat++)
            {
                branches.Human($"{name}-{seat}", $"{title} ({seat}/{seats})", role, workingDays, t =>
                {
                    foreach (var outcome in outcomes)
                    {
                        t.On(outcome, name);
                    }
                }, unit);
            }
        }, join, transitions, distinctDeciders: true);
    }

    /// <summary>
    /// Starts the latest version of <paramref name="workflow"/> for <paramref name="unit"/> (default: this instance's
    /// unit) with the state <paramref name="state"/> makes from this one's, and waits: the child's end step name is the
    /// event raised here (declare a transition for each end the child can reach, and for
    /// <see cref="ChildWorkflow.CancelledEvent"/> if someone may cancel it). Leaving this step any other way (its
    /// timeout, another event, the instance cancelled) cancels the child.
    /// </summary>
    public WorkflowBuilder Child(string name, string title, string workflow, Action<StepTransitions> transitions, UnitRule? unit = null,
        Func<System.Text.Json.Nodes.JsonObject, System.Text.Json.Nodes.JsonObject>? state = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workflow);
        var collected = Collect(transitions, collectAllowed: false);
        if (collected.Transitions.Count == 0)
        {
            throw new InvalidOperationException($"Child step '{name}' has no transition for the child's outcome.");
        }

        return Add(new StepDefinition(name, title, StepKind.Child, collected.Transitions,
            Due: collected.Timeout, TimerEvent: collected.Timeout is null ? null : StepTransitions.TimeoutEvent)
        {
            Child = new ChildWorkflow(workflow, unit ?? UnitRule.OfInstance, state),
        });
    }

    public WorkflowBuilder End(string name, string title, WorkflowStatus status = WorkflowStatus.Completed) =>
        Add(new StepDefinition(name, title, StepKind.End, [], EndStatus: status));

    internal WorkflowBlueprint Build(string workflow, int version, IReadOnlyDictionary<string, string> stepsFromPrevious,
        Action<System.Text.Json.Nodes.JsonObject>? stateFromPrevious = null)
    {
        if (_steps.Count == 0)
        {
            throw new InvalidOperationException($"Workflow {workflow} v{version} has no steps.");
        }

        var names = _steps.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var branch in _steps.SelectMany(s => s.Branches).Where(b => !names.Add(b.Name)))
        {
            throw new InvalidOperationException($"Workflow {workflow} v{version}: step name '{branch.Name}' is used twice.");
        }

        names.ExceptWith(_steps.SelectMany(s => s.Branches).Select(b => b.Name));
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

        return new WorkflowBlueprint(workflow, version, [.. _steps], stepsFromPrevious) { StateFromPrevious = stateFromPrevious };
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

    private static StepTransitions Collect(Action<StepTransitions> transitions, bool timeoutAllowed = true, bool collectAllowed = true)
    {
        var collected = new StepTransitions();
        transitions(collected);
        if (!timeoutAllowed && collected.Timeout is not null)
        {
            throw new InvalidOperationException("Only human, wait and child steps have a timeout (a timer step is one already).");
        }

        if ((!timeoutAllowed || !collectAllowed) && collected.Collects.Count > 0)
        {
            throw new InvalidOperationException("Only wait steps collect events.");
        }

        return collected;
    }
}

public sealed class StepTransitions
{
    /// <summary>The event a step's timeout raises; its transition is the one <see cref="AfterTimeout"/> declares.</summary>
    public const string TimeoutEvent = "timeout";

    internal List<TransitionDefinition> Transitions { get; } = [];

    internal DueRule? Timeout { get; private set; }

    internal Dictionary<string, string> Collects { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// If the step is still waiting <paramref name="delay"/> after it was entered (no decision, no event), go to
    /// <paramref name="target"/>: e.g. "not confirmed within 2 days → seat released". The timer is durable and is
    /// cancelled when the step is left any other way.
    /// </summary>
    public StepTransitions AfterTimeout(TimeSpan delay, string target, params NotificationTemplate[] notify) =>
        WhenDue(DueRule.After(delay), target, notify);

    /// <summary>
    /// <see cref="AfterTimeout"/> with the due time from a rule: working days, or an absolute date in the state
    /// ("comments close at the date the notice gives"). Computed once as the step is entered.
    /// </summary>
    public StepTransitions WhenDue(DueRule due, string target, params NotificationTemplate[] notify)
    {
        ArgumentNullException.ThrowIfNull(due);
        if (Timeout is not null)
        {
            throw new InvalidOperationException("A step has one timeout.");
        }

        Timeout = due;
        return On(TimeoutEvent, target, notify);
    }

    /// <summary>
    /// A wait step collects <paramref name="eventName"/> without leaving: each one's payload is appended to the list
    /// under <paramref name="stateKey"/> and the step's timers (its deadline) keep running unchanged.
    /// </summary>
    public StepTransitions Collect(string eventName, string stateKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stateKey);
        if (Transitions.Any(t => t.Event == eventName) || !Collects.TryAdd(eventName, stateKey))
        {
            throw new InvalidOperationException($"Event '{eventName}' already has a transition from this step.");
        }

        return this;
    }

    /// <summary>On <paramref name="eventName"/>, go to <paramref name="target"/> and send <paramref name="notify"/>.</summary>
    public StepTransitions On(string eventName, string target, params NotificationTemplate[] notify)
    {
        if (Transitions.Any(t => t.Event == eventName) || Collects.ContainsKey(eventName))
        {
            throw new InvalidOperationException($"Event '{eventName}' already has a transition from this step.");
        }

        Transitions.Add(new TransitionDefinition(eventName, target, notify));
        return this;
    }
}
