namespace Services.Data.GenericForms;

/// <summary>
/// An unfinished application. The applicant resumes it with a link carrying a random token; only the token's SHA-256
/// is stored, so a database reader cannot resume someone else's draft.
/// </summary>
public sealed class DossierDraft
{
    public Guid Id { get; set; }
    public Guid FormId { get; set; }
    public required byte[] TokenHash { get; set; }
    public Dictionary<string, string> Data { get; set; } = [];
    public int CurrentStep { get; set; } = 1;
    public string? Email { get; set; }
    public Guid? UserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>When the draft became a dossier: its answers are gone and its token opens only the confirmation, briefly.</summary>
    public DateTimeOffset? SubmittedAt { get; set; }
}
