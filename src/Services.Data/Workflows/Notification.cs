namespace Services.Data.Workflows;

/// <summary>An in-app message shown under the bell of a signed-in user.</summary>
public sealed class Notification
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }

    /// <summary>The outbox message it came from; unique, so a redelivery adds nothing.</summary>
    public Guid MessageId { get; set; }

    public required string Title { get; set; }
    public required string Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
}
