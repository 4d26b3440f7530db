namespace Services.Data.Workflows;

/// <summary>An automated step that kept failing after its retries, parked for an operator.</summary>
public sealed class WorkflowIncident
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public required string Step { get; set; }
    public required string Error { get; set; }
    public int Attempts { get; set; }
    public IncidentStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public string? ResolvedBy { get; set; }
}

public enum IncidentStatus
{
    Open,
    Retried,
    Cancelled,
}
