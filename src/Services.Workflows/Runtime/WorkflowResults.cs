using Services.Data.Workflows;

namespace Services.Workflows.Runtime;

public sealed record StartResult(Guid InstanceId, bool Created, string Step, WorkflowStatus Status);

public enum TransitionOutcome
{
    Applied,

    /// <summary>The event id was applied before; nothing changed.</summary>
    Duplicate,

    /// <summary>The current step has no transition for this event (or the instance is not running); nothing changed.</summary>
    NotApplicable,
}

public sealed record TransitionResult(TransitionOutcome Outcome, Guid InstanceId, string StepBefore, string StepAfter, WorkflowStatus Status, int RowVersion);

public sealed class WorkflowInstanceNotFoundException(string what) : Exception($"No workflow instance {what}.");

/// <summary>The instance changed since the caller read it (its row version moved on).</summary>
public sealed class WorkflowConcurrencyException(Guid instanceId, int expected, int actual)
    : Exception($"Workflow instance {instanceId} is at row version {actual}, not {expected}: it was changed meanwhile.");

public enum DecisionOutcome
{
    Decided,
    AlreadyDecided,
}

/// <summary>The answer to a decision: either it won, or who decided first and when.</summary>
public sealed record DecisionResult(DecisionOutcome Outcome, Guid TaskId, string? DecidedBy, DateTimeOffset? DecidedAt, string? ExistingOutcome, TransitionResult? Transition)
{
    public DecisionResult EnsureDecided() =>
        Outcome == DecisionOutcome.Decided ? this : throw new TaskAlreadyDecidedException(TaskId, DecidedBy ?? "?", DecidedAt ?? default, ExistingOutcome);
}

/// <summary>
/// Someone decided the task first: who, when and how, so a page can say "already decided by X at Y" in the user's
/// language (never show <see cref="Exception.Message"/>, which is English for logs).
/// </summary>
public sealed class TaskAlreadyDecidedException(Guid taskId, string decidedBy, DateTimeOffset decidedAt, string? outcome = null)
    : Exception($"Task {taskId} was already decided by {decidedBy} at {decidedAt:u}.")
{
    public Guid TaskId { get; } = taskId;
    public string DecidedBy { get; } = decidedBy;
    public DateTimeOffset DecidedAt { get; } = decidedAt;

    /// <summary>The decision taken (an event of the step), when known.</summary>
    public string? Outcome { get; } = outcome;
}

/// <summary>Why a task action was refused, for a page to word in the user's language.</summary>
public enum TaskRefusal
{
    NoSuchTask,
    NotSignedIn,

    /// <summary>The task is for another unit or role than the actor's.</summary>
    NotYourTask,

    /// <summary>Another staff member holds it (<see cref="TaskActionRefusedException.Who"/>).</summary>
    ClaimedByOther,

    /// <summary>Only the assignee may release it.</summary>
    NotAssignee,

    /// <summary>The dossier left the step some other way (a timer, a cancellation, a withdrawal).</summary>
    Cancelled,

    /// <summary>The outcome is not one of the step's decisions.</summary>
    NotADecision,

    /// <summary>The workflow no longer accepts a decision on this step.</summary>
    NotOpen,

    /// <summary>The step needs a different person for each of its tasks (a quorum), and the actor decided one already.</summary>
    AlreadyDecidedAnotherSeat,
}

/// <summary>
/// A claim, release, reassignment or decision the task's state or the actor's rights do not allow.
/// <see cref="Reason"/> (and <see cref="Who"/>) say why; the message is English, for logs.
/// </summary>
public sealed class TaskActionRefusedException(TaskRefusal reason, string message, string? who = null) : Exception(message)
{
    public TaskRefusal Reason { get; } = reason;

    /// <summary>The other staff member involved (who holds the task), when there is one.</summary>
    public string? Who { get; } = who;
}
