using System.Text.Json.Nodes;
using Services.Data.Identity;
using Services.Data.Workflows;

namespace Services.Workflows.Runtime;

/// <summary>One version of a workflow definition, immutable once built.</summary>
public sealed class WorkflowBlueprint
{
    internal WorkflowBlueprint(string name, int version, IReadOnlyList<StepDefinition> steps, IReadOnlyDictionary<string, string> stepsFromPrevious)
    {
        Name = name;
        Version = version;
        Steps = steps;
        StepsFromPrevious = stepsFromPrevious;
        // Branch steps are found by name too (their tasks and timers carry it), but are not steps an instance is "in".
        _byName = steps.Concat(steps.SelectMany(s => s.Branches)).ToDictionary(s => s.Name, StringComparer.Ordinal);
        ParallelOf = steps.SelectMany(p => p.Branches.Select(b => (b.Name, Parallel: p))).ToDictionary(x => x.Name, x => x.Parallel, StringComparer.Ordinal);
    }

    private readonly Dictionary<string, StepDefinition> _byName;

    public string Name { get; }
    public int Version { get; }

    /// <summary>In declaration order; the first is the start step.</summary>
    public IReadOnlyList<StepDefinition> Steps { get; }

    public IReadOnlyDictionary<string, string> StepsFromPrevious { get; }

    /// <summary>Rewrites the state of an instance migrating onto this version from the previous one.</summary>
    public Action<JsonObject>? StateFromPrevious { get; init; }
    public StepDefinition Start => Steps[0];

    /// <summary>Branch step name → the parallel step it belongs to.</summary>
    public IReadOnlyDictionary<string, StepDefinition> ParallelOf { get; }

    public StepDefinition Step(string name) =>
        _byName.TryGetValue(name, out var step) ? step : throw new InvalidOperationException($"Workflow {Name} v{Version} has no step '{name}'.");

    public bool HasStep(string name) => _byName.ContainsKey(name);
}

public enum StepKind
{
    /// <summary>A person of a role in a unit decides; creates a task with a due date.</summary>
    Human,

    /// <summary>Code runs (in the background, retried on failure) and returns the event to raise.</summary>
    Automated,

    /// <summary>Waits for a duration, then raises its event (default <c>timeout</c>).</summary>
    Timer,

    /// <summary>Waits for an outside event: a citizen's supplement, a signal from another workflow.</summary>
    Wait,

    /// <summary>Several branch steps (human, wait, timer) active at once; a <see cref="JoinRule"/> decides when it is left.</summary>
    Parallel,

    /// <summary>
    /// Starts an instance of another workflow (<see cref="ChildWorkflow"/>) and waits for it: the name of the end step
    /// the child reaches is the event raised on this step (<see cref="ChildWorkflow.CancelledEvent"/> if it is cancelled).
    /// </summary>
    Child,

    End,
}

public sealed record StepDefinition(
    string Name,
    string Title,
    StepKind Kind,
    IReadOnlyList<TransitionDefinition> Transitions,
    HumanAssignment? Assignment = null,
    DueRule? Due = null,
    string? TimerEvent = null,
    AutomatedAction? Action = null,
    WorkflowStatus EndStatus = WorkflowStatus.Completed)
{
    public TransitionDefinition? On(string eventName) => Transitions.FirstOrDefault(t => t.Event == eventName);

    /// <summary>A parallel step's branches (each ends with an event whose transition goes back to this step).</summary>
    public IReadOnlyList<StepDefinition> Branches { get; init; } = [];

    public JoinRule? Join { get; init; }

    /// <summary>A child step's workflow: which definition, in which unit, with what state.</summary>
    public ChildWorkflow? Child { get; init; }

    /// <summary>A parallel step whose branches must each be ended by a different person (a quorum of graders).</summary>
    public bool DistinctDeciders { get; init; }

    /// <summary>Events the step collects without leaving: event name → the state key whose list each one is appended to.</summary>
    public IReadOnlyDictionary<string, string> Collects { get; init; } = new Dictionary<string, string>();

    /// <summary>Entering the step computes a due date from the working-day calendar.</summary>
    public bool NeedsCalendar => Kind == StepKind.Human || Due?.NeedsCalendar == true || Branches.Any(b => b.NeedsCalendar);
}

/// <summary>Leaving a step on <see cref="Event"/> goes to <see cref="Target"/> and sends <see cref="Notifications"/>.</summary>
public sealed record TransitionDefinition(string Event, string Target, IReadOnlyList<NotificationTemplate> Notifications);

/// <param name="Role">The role that works the step.</param>
/// <param name="Unit">Which unit's staff: the instance's own, its parent (district office), or one named in the state.</param>
/// <param name="WorkingDays">Legal processing time.</param>
/// <param name="ReminderWorkingDaysBefore">Reminder at 08:00 on the working day this many working days before the due day.</param>
/// <param name="WorkingDaysKey">When set and the instance state holds a positive number under it, that number replaces
/// <paramref name="WorkingDays"/> (one generic workflow serves forms with different legal processing times).</param>
public sealed record HumanAssignment(PortalRole Role, UnitRule Unit, int WorkingDays, int ReminderWorkingDaysBefore, string? WorkingDaysKey = null)
{
    public int WorkingDaysFor(System.Text.Json.Nodes.JsonObject state) =>
        WorkingDaysKey is { } key && int.TryParse(NotificationTemplate.StateText(state, key), out var days) && days > 0 ? days : WorkingDays;
}

public abstract record UnitRule
{
    public static readonly UnitRule OfInstance = new InstanceUnit();
    public static readonly UnitRule ParentOfInstance = new ParentUnit();

    /// <summary>A unit id stored in the state, e.g. the receiving school of a transfer.</summary>
    public static UnitRule FromState(string key) => new StateUnit(key);

    public sealed record InstanceUnit : UnitRule;

    public sealed record ParentUnit : UnitRule;

    public sealed record StateUnit(string Key) : UnitRule;
}

/// <param name="DefinitionName">The child's workflow (its latest version is started).</param>
/// <param name="Unit">The unit the child belongs to (its human steps default to that unit's staff).</param>
/// <param name="StateFor">The child's initial state from the parent's; null: an empty state.</param>
public sealed record ChildWorkflow(string DefinitionName, UnitRule Unit, Func<JsonObject, JsonObject>? StateFor)
{
    /// <summary>Raised on the parent's step when the child is cancelled by someone (not because the parent moved on).</summary>
    public const string CancelledEvent = "child-cancelled";
}

/// <summary>Returns the name of the event to raise when the step is done; may change <see cref="AutomatedStepContext.State"/>.</summary>
public delegate Task<string> AutomatedAction(AutomatedStepContext context, CancellationToken cancellationToken);

public sealed record AutomatedStepContext(Guid InstanceId, string Correlation, Guid UnitId, JsonObject State, int Attempt, IServiceProvider Services);
