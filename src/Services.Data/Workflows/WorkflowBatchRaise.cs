namespace Services.Data.Workflows;

/// <summary>
/// One event raised on every instance of a definition waiting in a step (e.g. "allocation published" on every
/// admissions dossier), worked through in batches in instance id order. <see cref="LastInstanceId"/> is the cursor:
/// a run that crashes resumes after it, and the event id is the batch's, so an instance raised twice changes once.
/// </summary>
public sealed class WorkflowBatchRaise
{
    public Guid Id { get; set; }
    public required string DefinitionName { get; set; }
    public required string Step { get; set; }
    public required string EventName { get; set; }

    /// <summary>Instances matching when the batch was created.</summary>
    public int Total { get; set; }

    public int Raised { get; set; }

    /// <summary>Instances that had moved on by the time their turn came (the event no longer applied).</summary>
    public int Skipped { get; set; }

    public Guid? LastInstanceId { get; set; }
    public BatchRaiseStatus Status { get; set; }

    /// <summary>The process working the batch, until <see cref="LeaseUntil"/> (the database's clock): one worker at a time,
    /// and a dead worker's batch is taken over when its lease runs out.</summary>
    public string? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseUntil { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

public enum BatchRaiseStatus
{
    Running,
    Finished,
}
