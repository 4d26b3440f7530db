using System.ComponentModel.DataAnnotations;

namespace Services.Workflows.Dossiers.Attachments;

/// <summary>Limits on uploaded files (section <c>Attachments</c>). The store lives under <c>{Portal:DataPath}/files</c>.</summary>
public sealed class AttachmentOptions
{
    public const string Section = "Attachments";

    /// <summary>Largest accepted file, in bytes. Default 10 MiB: a scanned multi-page PDF at 200 dpi.</summary>
    [Range(1, 1L << 31)]
    public long MaxFileBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Most files one dossier (or one procedure's form list) may hold.</summary>
    [Range(1, 100)]
    public int MaxFiles { get; set; } = 10;

    /// <summary>Longest kept file name, in text elements (what a reader sees as characters), extension included.</summary>
    [Range(20, 200)]
    public int MaxFileNameLength { get; set; } = 120;
}
