namespace Services.Data.Workflows;

/// <summary>
/// One running (or finished) workflow. The small columns are indexed for lists and queues; <see cref="State"/> is a
/// jsonb document that lists never load. <see cref="RowVersion"/> increases on every change so concurrent writers
/// conflict instead of overwriting each other.
/// </summary>
public sealed class WorkflowInstance
{
    public Guid Id { get; set; }
    public required string DefinitionName { get; set; }

    /// <summary>The definition version the instance is pinned to; only an explicit migration changes it.</summary>
    public int DefinitionVersion { get; set; }

    public WorkflowStatus Status { get; set; }
    public required string CurrentStep { get; set; }

    /// <summary>
    /// Whether the current step waits for the applicant to add documents: computed by PostgreSQL from
    /// <see cref="CurrentStep"/> (a stored generated column), so the desk's index holds this flag rather than the step,
    /// and a transition between two other steps stays a HOT update (ADR 0035).
    /// </summary>
    public bool AwaitingApplicant { get; private set; }
    public Guid UnitId { get; set; }

    /// <summary>The business key events are routed by: the dossier's tracking code.</summary>
    public required string Correlation { get; set; }

    public string State { get; set; } = "{}";
    public int RowVersion { get; set; }

    /// <summary>Number of journal entries so far and the hash of the last one, so appending needs no extra read.</summary>
    public int JournalSeq { get; set; }

    public required string LastJournalHash { get; set; }
    /// <summary>The instance whose step started this one (a child workflow), and that step; null for a top-level instance.</summary>
    public Guid? ParentInstanceId { get; set; }

    public string? ParentStep { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}

public enum WorkflowStatus
{
    Running,
    Completed,
    Cancelled,

    /// <summary>An automated step failed all its retries; an operator must retry or cancel it.</summary>
    Incident,
}
