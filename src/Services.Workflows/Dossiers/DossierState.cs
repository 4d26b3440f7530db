namespace Services.Workflows.Dossiers;

/// <summary>
/// Keys of the instance state the pipeline writes when a dossier starts its workflow, for every service: its
/// workflow's notifications and human steps read them (<c>{state.serviceTitle}</c>, working days from state).
/// </summary>
public static class DossierState
{
    public const string DossierId = "dossierId";
    public const string ServiceTitle = "serviceTitle";
    public const string UnitName = "unitName";
    public const string ApplicantEmail = "applicantEmail";
    public const string ApplicantUserId = "applicantUserId";
    public const string ProcessingDays = "processingDays";
    public const string StatusUrl = "statusUrl";

    /// <summary>Written by every staff decision (the task service): the comment the applicant is told.</summary>
    public const string LastComment = "lastComment";
}
