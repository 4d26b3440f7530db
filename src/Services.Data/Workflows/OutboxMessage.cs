namespace Services.Data.Workflows;

/// <summary>
/// A notification written in the same transaction as the state change that caused it and delivered later by the
/// dispatcher. <see cref="Id"/> is the stable message id (the e-mail Message-ID), so a redelivery can be recognised.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; }
    public Guid? InstanceId { get; set; }
    public NotificationChannel Channel { get; set; }

    /// <summary>An e-mail address, a phone number, or a user id for in-app messages.</summary>
    public required string Recipient { get; set; }

    public required string Subject { get; set; }
    public required string Body { get; set; }
    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
}

public enum NotificationChannel
{
    Email,
    InApp,
    Sms,
}

public enum OutboxStatus
{
    Pending,
    Sent,

    /// <summary>Gave up after the last retry (or could never be sent); an admin can queue it again.</summary>
    DeadLettered,
}
