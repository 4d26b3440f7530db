namespace Services.Data.Consultations;

/// <summary>
/// A public consultation (lấy ý kiến góp ý) a unit publishes: the issues it asks about and the draft split into
/// sections. Its stage (in review, published, closed, answered) is its workflow instance's current step.
/// </summary>
public sealed class Consultation
{
    public Guid Id { get; set; }
    public Guid UnitId { get; set; }
    public required string Title { get; set; }
    public List<string> Issues { get; set; } = [];
    public List<ConsultationSection> Sections { get; set; } = [];

    /// <summary>Where written comments may also be sent (postal address and e-mail), as the notice states them.</summary>
    public required string ReceivingAddress { get; set; }

    public required string ReceivingEmail { get; set; }
    public DateTimeOffset OpensAt { get; set; }
    public DateTimeOffset ClosesAt { get; set; }
    public ModerationMode Moderation { get; set; }

    /// <summary>A published comment is hidden once this many readers have reported it.</summary>
    public int HideAfterReports { get; set; }

    public Guid DraftedBy { get; set; }
    public Guid? ApprovedBy { get; set; }
    public Guid? WorkflowInstanceId { get; set; }

    /// <summary>Why the approver sent the notice back to its editor; cleared when it is sent for approval again.</summary>
    public string? ReturnComment { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One part of the draft, which a comment may be about.</summary>
public sealed class ConsultationSection
{
    public string Heading { get; set; } = "";
    public string Body { get; set; } = "";
}

public enum ModerationMode
{
    /// <summary>A confirmed comment is shown only once staff approve it.</summary>
    BeforePublication,

    /// <summary>A confirmed comment is shown at once; staff may hide it afterwards.</summary>
    AfterPublication,
}
