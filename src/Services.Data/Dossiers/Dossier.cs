namespace Services.Data.Dossiers;

/// <summary>
/// A dossier (hồ sơ): one application to one unit's service; what is particular to a kind of service lives in that
/// service's own tables (e.g. <c>generic_form_dossiers</c>). Its answers live in <see cref="Data"/> (jsonb), every
/// change of which is kept in <see cref="DossierDataVersion"/>. Its progress is the workflow instance whose correlation
/// is the tracking code: the instance's step is the dossier's status, so there is no second copy of it here.
/// </summary>
public sealed class Dossier
{
    public Guid Id { get; set; }
    public Guid UnitId { get; set; }

    /// <summary>Which service the dossier belongs to: the key of its service definition (kebab-case, e.g. <c>admissions</c>).</summary>
    public required string ServiceKey { get; set; }

    /// <summary>The service's slug in the unit's URLs (a generic form's slug, or e.g. <c>giay-xac-nhan-hoc-sinh</c>).</summary>
    public required string ServiceSlug { get; set; }

    /// <summary>The service's name as the applicant saw it when applying; lists show it without asking the service.</summary>
    public required string ServiceTitleVi { get; set; }

    public required string ServiceTitleEn { get; set; }

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

    /// <summary>The service's legal processing time in working days, as it stood when the dossier was received.</summary>
    public int ProcessingDays { get; set; }

    /// <summary>Expected completion date, in working days from submission (paused while waiting for the applicant).</summary>
    public DateOnly? DueDate { get; set; }

    /// <summary>When the retention sweep removed the applicant's personal data (name, contact, answers, files, versions).</summary>
    public DateTimeOffset? PersonalDataRemovedAt { get; set; }

    public int? Rating { get; set; }
    public string? RatingComment { get; set; }
}
