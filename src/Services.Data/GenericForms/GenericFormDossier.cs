namespace Services.Data.GenericForms;

/// <summary>What a dossier of the generic-form service adds to the dossier: the form and the wording its applicant saw.</summary>
public sealed class GenericFormDossier
{
    public Guid DossierId { get; set; }
    public Guid FormId { get; set; }
    public int FormVersion { get; set; }
}
