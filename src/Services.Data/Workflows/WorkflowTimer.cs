namespace Services.Data.Workflows;

/// <summary>
/// A durable timer. Workers claim due rows with <c>FOR UPDATE SKIP LOCKED</c> and a lease (<see cref="LeaseOwner"/>,
/// <see cref="LeaseUntil"/>); a lease that expires because its worker died is claimed again by another.
/// </summary>
public sealed class WorkflowTimer
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public TimerKind Kind { get; set; }

    /// <summary>The step that scheduled it; leaving that step cancels the timer.</summary>
    public required string Step { get; set; }

    public Guid? TaskId { get; set; }

    /// <summary>For <see cref="TimerKind.Signal"/> and step timeouts: the event raised when the timer fires.</summary>
    public string? EventName { get; set; }

    public DateTimeOffset DueAt { get; set; }
    public TimerStatus Status { get; set; }
    public int Attempt { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? FiredAt { get; set; }
}

public enum TimerKind
{
    /// <summary>Raises <see cref="WorkflowTimer.EventName"/> on the instance (deadlines, phase changes, publishing).</summary>
    Signal,

    /// <summary>Runs the automated step the instance waits in (scheduled so it runs outside the caller's transaction).</summary>
    RunAutomated,

    TaskReminder,
    TaskEscalation,

    /// <summary>Starts the child workflow of the step the instance waits in (a <c>Child</c> step).</summary>
    StartChild,

    /// <summary>On a child that ended: raises its outcome on the parent's step, under the parent's lock.</summary>
    NotifyParent,

    /// <summary>Cancels a child workflow whose parent left the step that waited for it.</summary>
    CancelChild,
}

public enum TimerStatus
{
    Pending,
    Fired,
    Cancelled,

    /// <summary>Its firing failed every try; its instance has an open incident, whose retry makes it pending again.</summary>
    Failed,
}
