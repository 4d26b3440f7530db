namespace Services.Data.Workflows;

/// <summary>
/// An operator's decision to give up on a dead letter for good, with the reason. A row of its own, so the outbox's
/// table and dispatcher stay untouched: a discarded message keeps its DeadLettered status and drops off the console.
/// </summary>
public sealed class OutboxDiscard
{
    public Guid MessageId { get; set; }
    public required string Reason { get; set; }
    public required string DiscardedBy { get; set; }
    public DateTimeOffset DiscardedAt { get; set; }
}
