namespace Services.Data.Dossiers;

/// <summary>
/// A dossier (hồ sơ): one application to one unit's service. Its answers live in <see cref="Data"/> (jsonb), every
/// change of which is kept in <see cref="DossierDataVersion"/>. Its progress is the workflow instance whose correlation
/// is the tracking code: the instance's step is the dossier's status, so there is no second copy of it here.
/// </summary>
public sealed class Dossier
{
    public Guid Id { get; set; }
    public Guid UnitId { get; set; }
    public Guid FormId { get; set; }
    public int FormVersion { get; set; }

    /// <summary>The service's slug (a generic form's slug, or e.g. <c>tuyen-sinh</c>).</summary>
    public required string ServiceSlug { get; set; }

    /// <summary>Short, unguessable, with a check character (mã hồ sơ); never a sequence.</summary>
    public required string TrackingCode { get; set; }

    /// <summary>The submit button's one-time key: a double click or a retry finds the dossier it already created.</summary>
    public Guid IdempotencyKey { get; set; }

    public Guid? ApplicantUserId { get; set; }
    public required string ApplicantName { get; set; }
    public DateOnly ApplicantDateOfBirth { get; set; }
    public string? ApplicantPhone { get; set; }
    public string? ApplicantEmail { get; set; }

    public Dictionary<string, string> Data { get; set; } = [];
    public int DataVersion { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }

    /// <summary>Expected completion date, in working days from submission (paused while waiting for the applicant).</summary>
    public DateOnly? DueDate { get; set; }

    public int? Rating { get; set; }
    public string? RatingComment { get; set; }
}
