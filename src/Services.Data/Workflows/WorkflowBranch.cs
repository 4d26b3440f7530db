namespace Services.Data.Workflows;

/// <summary>
/// One branch of a parallel step while its instance is in (or last was in) that step: how an instance holds several
/// active steps at once. The instance's <see cref="WorkflowInstance.CurrentStep"/> names the parallel step; each branch
/// step has its own tasks and timers (their <c>step</c> is the branch's). Written only under the instance's lock.
/// </summary>
public sealed class WorkflowBranch
{
    public Guid InstanceId { get; set; }

    /// <summary>The branch's step name, unique within the definition.</summary>
    public required string Step { get; set; }

    public required string ParallelStep { get; set; }
    public BranchStatus Status { get; set; }

    /// <summary>The event that ended the branch (a decision, the branch's timeout).</summary>
    public string? Outcome { get; set; }

    /// <summary>Who ended it, so a quorum can require distinct people.</summary>
    public Guid? EndedById { get; set; }

    public DateTimeOffset EnteredAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
}

public enum BranchStatus
{
    Active,
    Ended,

    /// <summary>The parallel step was left (its join was decided, a timeout, a cancellation) before the branch ended.</summary>
    Cancelled,
}
