namespace Services.Data.Exams;

/// <summary>
/// One diploma or certificate (văn bằng, chứng chỉ) in its issuing unit's registry. It is verified by serial number
/// with the holder's name and date of birth, never by the register number, which is sequential.
/// </summary>
public sealed class Certificate
{
    public Guid Id { get; set; }
    public Guid UnitId { get; set; }

    /// <summary>Số hiệu, printed on the certificate; unique within the issuing unit.</summary>
    public required string Serial { get; set; }

    /// <summary>Số vào sổ cấp.</summary>
    public required string RegisterNumber { get; set; }

    public required string HolderName { get; set; }
    public DateOnly DateOfBirth { get; set; }
    public required string Type { get; set; }
    public required string Classification { get; set; }
    public int Year { get; set; }
    public DateOnly IssuedOn { get; set; }
    public required string Signer { get; set; }
    public CertificateStatus Status { get; set; }

    /// <summary>Why it was revoked, or what the correction changed.</summary>
    public string? StatusNote { get; set; }

    public DateTimeOffset? StatusChangedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public enum CertificateStatus
{
    Valid,
    Revoked,
    Corrected,
}
