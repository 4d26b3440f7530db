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
        Outcome == DecisionOutcome.Decided ? this : throw new TaskAlreadyDecidedException(TaskId, DecidedBy ?? "?", DecidedAt ?? default);
}

public sealed class TaskAlreadyDecidedException(Guid taskId, string decidedBy, DateTimeOffset decidedAt)
    : Exception($"Task {taskId} was already decided by {decidedBy} at {decidedAt:u}.")
{
    public Guid TaskId { get; } = taskId;
    public string DecidedBy { get; } = decidedBy;
    public DateTimeOffset DecidedAt { get; } = decidedAt;
}

/// <summary>A claim, release, reassignment or decision the task's state or the actor's rights do not allow.</summary>
public sealed class TaskActionRefusedException(string message) : Exception(message);
