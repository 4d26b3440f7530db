namespace Services.Data.Admissions;

/// <summary>
/// One child's application to a campaign, beside its dossier: the fields the allocation joins on. The child's personal
/// identification number is the key: at most one application per child and campaign is not withdrawn.
/// </summary>
public sealed class AdmissionApplication
{
    public Guid Id { get; set; }
    public Guid CampaignId { get; set; }
    public Guid DossierId { get; set; }

    /// <summary>Mã định danh cá nhân, 12 digits.</summary>
    public required string PersonalId { get; set; }

    public required string ChildName { get; set; }
    public DateOnly DateOfBirth { get; set; }
    public required string Ward { get; set; }
    public ResidenceCategory Residence { get; set; }
    public int? PriorityOrder { get; set; }

    /// <summary>The schools (unit ids), first choice first.</summary>
    public List<Guid> Choices { get; set; } = [];

    public AdmissionStatus Status { get; set; }
    public Guid? PlacedSchoolId { get; set; }
    public int? PlacedChoice { get; set; }

    /// <summary>The match's explanation of every choice (JSON), kept as drawn.</summary>
    public string? Explanation { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public enum AdmissionStatus
{
    Submitted,
    Verified,
    Rejected,
    Placed,
    Unplaced,
    Confirmed,
    Declined,
    Released,
    Withdrawn,
}
