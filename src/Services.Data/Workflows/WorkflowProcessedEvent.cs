namespace Services.Data.Workflows;

/// <summary>An event id already applied to an instance; its primary key makes a second delivery a no-op.</summary>
public sealed class WorkflowProcessedEvent
{
    public Guid InstanceId { get; set; }
    public required string EventId { get; set; }
    public required string EventName { get; set; }
    public DateTimeOffset ProcessedAt { get; set; }
}
