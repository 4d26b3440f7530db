namespace Services.Data.Dossiers;

/// <summary>One version of a dossier's data: who changed what, and when. Version 1 is the submission.</summary>
public sealed class DossierDataVersion
{
    public Guid Id { get; set; }
    public Guid DossierId { get; set; }
    public int Version { get; set; }
    public Dictionary<string, string> Data { get; set; } = [];

    /// <summary>Keys whose values differ from the previous version.</summary>
    public List<string> ChangedKeys { get; set; } = [];

    public Guid? ChangedByUserId { get; set; }
    public required string ChangedByName { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}
