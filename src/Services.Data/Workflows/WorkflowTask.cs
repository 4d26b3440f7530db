namespace Services.Data.Workflows;

/// <summary>The work item of a human step: which role of which unit must act, by when, and what they decided.</summary>
public sealed class WorkflowTask
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public required string DefinitionName { get; set; }
    public required string Correlation { get; set; }
    public required string Step { get; set; }
    public Guid UnitId { get; set; }
    public required string Role { get; set; }
    public HumanTaskStatus Status { get; set; }
    public Guid? AssigneeId { get; set; }
    public string? AssigneeName { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>End of the legal processing time, counted in Vietnamese working days.</summary>
    public DateTimeOffset DueAt { get; set; }

    public DateTimeOffset? RemindedAt { get; set; }
    public DateTimeOffset? EscalatedAt { get; set; }
    public string? Outcome { get; set; }
    public string? Comment { get; set; }
    public Guid? DecidedById { get; set; }
    public string? DecidedByName { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
}

public enum HumanTaskStatus
{
    Open,
    Decided,

    /// <summary>The instance left the step some other way (a timer, a cancellation).</summary>
    Cancelled,
}
