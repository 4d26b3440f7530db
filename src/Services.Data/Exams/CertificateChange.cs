namespace Services.Data.Exams;

/// <summary>
/// A proposed revocation (thu hồi) or correction (cải chính) of a certificate, made by a staff member of the issuing
/// unit and decided by one of its unit admins on the certificate-change workflow (ADR 0024). One proposal at a time per
/// certificate. An applied correction keeps the values it replaced, so the registry's history is never lost.
/// </summary>
public sealed class CertificateChange
{
    public Guid Id { get; set; }
    public Guid CertificateId { get; set; }
    public Guid UnitId { get; set; }
    public CertificateChangeKind Kind { get; set; }

    /// <summary>Why the certificate is revoked or corrected.</summary>
    public required string Reason { get; set; }

    /// <summary>A correction's fields: the value proposed, and the value it replaced (filled when applied).</summary>
    public List<CertificateFieldChange> Fields { get; set; } = [];

    public CertificateChangeStatus Status { get; set; }
    public Guid? InstanceId { get; set; }
    public Guid ProposedById { get; set; }
    public required string ProposedByName { get; set; }
    public DateTimeOffset ProposedAt { get; set; }
    public Guid? DecidedById { get; set; }
    public string? DecidedByName { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>The approver's reason for refusing (or note on approving).</summary>
    public string? DecisionNote { get; set; }
}

/// <summary>One field of a correction: its name (<see cref="CertificateField"/>), the old value and the new one.</summary>
public sealed class CertificateFieldChange
{
    public string Field { get; set; } = "";
    public string? Old { get; set; }
    public string New { get; set; } = "";
}

public enum CertificateChangeKind
{
    Revocation,
    Correction,
}

public enum CertificateChangeStatus
{
    Pending,
    Approved,
    Refused,
}

/// <summary>The fields a correction may change (the serial is the certificate's identity and never changes).</summary>
public static class CertificateField
{
    public const string HolderName = "HolderName";
    public const string DateOfBirth = "DateOfBirth";
    public const string Type = "Type";
    public const string Classification = "Classification";
    public const string Year = "Year";
    public const string IssuedOn = "IssuedOn";
    public const string Signer = "Signer";

    public static IReadOnlyList<string> All { get; } = [HolderName, DateOfBirth, Type, Classification, Year, IssuedOn, Signer];
}
