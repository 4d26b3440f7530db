namespace Services.Data.Admissions;

/// <summary>
/// A district office's entry-level admission (tuyển sinh đầu cấp) for one school year and grade. Each phase begins at
/// its date and ends where the next begins; the campaign's workflow instance moves from phase to phase on durable
/// timers at these dates (ADR 13). The lottery seed is drawn when the campaign is created and shown from then on.
/// </summary>
public sealed class AdmissionCampaign
{
    public Guid Id { get; set; }

    /// <summary>The district office that runs the campaign.</summary>
    public Guid UnitId { get; set; }

    /// <summary>For example <c>2027-2028</c>.</summary>
    public required string SchoolYear { get; set; }

    /// <summary>1, 6 or 10.</summary>
    public int Grade { get; set; }

    /// <summary>How many schools a family may rank.</summary>
    public int MaxChoices { get; set; }

    /// <summary>The published lottery seed (<c>Lottery.NewSeed</c>).</summary>
    public required string Seed { get; set; }

    public DateTimeOffset DataConfirmationAt { get; set; }
    public DateTimeOffset RegistrationAt { get; set; }
    public DateTimeOffset VerificationAt { get; set; }
    public DateTimeOffset AllocationAt { get; set; }
    public DateTimeOffset ResultsAt { get; set; }
    public DateTimeOffset ConfirmationAt { get; set; }
    public DateTimeOffset SecondRoundAt { get; set; }
    public DateTimeOffset ClosesAt { get; set; }

    /// <summary>The instance of the campaign's workflow, once started.</summary>
    public Guid? WorkflowInstanceId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<AdmissionSchool> Schools { get; } = [];
    public List<AdmissionPriorityGroup> PriorityGroups { get; } = [];
}

/// <summary>A participating school: its seats (chỉ tiêu), classes, enrolment zone and last year's figures if known.</summary>
public sealed class AdmissionSchool
{
    public Guid CampaignId { get; set; }
    public Guid SchoolId { get; set; }
    public int Seats { get; set; }
    public int Classes { get; set; }

    /// <summary>The wards (phường, xã) the school serves, as written on residence records.</summary>
    public List<string> ZoneWards { get; set; } = [];

    public int? LastYearApplicants { get; set; }
    public int? LastYearSeats { get; set; }
}

/// <summary>A priority group (đối tượng ưu tiên); a lower order stands first.</summary>
public sealed class AdmissionPriorityGroup
{
    public Guid CampaignId { get; set; }
    public int Order { get; set; }
    public required string NameVi { get; set; }
    public required string NameEn { get; set; }
}

/// <summary>Residence categories in the order schools rank them.</summary>
public enum ResidenceCategory
{
    /// <summary>Thường trú.</summary>
    Permanent = 0,

    /// <summary>Tạm trú.</summary>
    Current = 1,

    /// <summary>Other (e.g. a parent's workplace in the district).</summary>
    Other = 2,
}
