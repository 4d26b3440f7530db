namespace Services.Data.Workflows;

/// <summary>
/// One audited event of an instance. Insert-only (a trigger refuses UPDATE, DELETE and TRUNCATE); each entry holds the
/// hash of the previous entry of the same instance, so an edit by a superuser breaks the chain where it happened.
/// </summary>
public sealed class JournalEntry
{
    public long Id { get; set; }
    public Guid InstanceId { get; set; }
    public int Seq { get; set; }
    public required string EventId { get; set; }
    public required string Action { get; set; }
    public Guid? ActorUserId { get; set; }
    public required string ActorName { get; set; }
    public string? ActorRole { get; set; }
    public Guid? ActorUnitId { get; set; }
    public string? ActorIp { get; set; }
    public string? StepBefore { get; set; }
    public string? StepAfter { get; set; }

    /// <summary>What the event carried, exactly as hashed (text, not jsonb, which would reorder it). Null only on
    /// entries written before payloads were kept.</summary>
    public string? Payload { get; set; }

    public required string PayloadSha256 { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public required string PrevHash { get; set; }

    /// <summary>The id of the transaction that wrote the entry (set by the database), which decides its checkpoint.</summary>
    public long XactId { get; set; }

    public required string Hash { get; set; }
}
