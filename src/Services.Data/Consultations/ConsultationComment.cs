namespace Services.Data.Consultations;

/// <summary>
/// A citizen's comment on a consultation (on the whole or on one section), or the unit's reply to one. A citizen's
/// comment counts only once its e-mail is confirmed (<see cref="ConfirmedAt"/>).
/// </summary>
public sealed class ConsultationComment
{
    public Guid Id { get; set; }
    public Guid ConsultationId { get; set; }

    /// <summary>The section's index in the draft, or null for a comment on the whole.</summary>
    public int? Section { get; set; }

    /// <summary>The comment a reply answers; null for a citizen's comment.</summary>
    public Guid? ReplyTo { get; set; }

    public required string Name { get; set; }
    public required string Email { get; set; }
    public string? Organisation { get; set; }
    public required string Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>SHA-256 of the link's secret; the secret itself is only in the e-mail.</summary>
    public byte[]? ConfirmationHash { get; set; }

    public DateTimeOffset? ConfirmedAt { get; set; }
    public CommentVisibility Visibility { get; set; }
    public int Reports { get; set; }
    public Disposition? Disposition { get; set; }
    public string? DispositionReason { get; set; }
}

public enum CommentVisibility
{
    /// <summary>Waiting for confirmation or for a moderator.</summary>
    Pending,
    Shown,
    Hidden,
}

/// <summary>How the drafting unit took a comment into account (tiếp thu, tiếp thu một phần, giải trình).</summary>
public enum Disposition
{
    Accepted,
    PartlyAccepted,
    Explained,
}
