using System.IO.Compression;
using System.Text;

namespace Services.Workflows.Dossiers.Attachments;

/// <summary>A file type the portal accepts: its MIME type and the extensions a file of that type may carry.</summary>
public sealed record DetectedType(string ContentType, string Extension, params string[] OtherExtensions)
{
    public static readonly DetectedType Pdf = new("application/pdf", ".pdf");
    public static readonly DetectedType Jpeg = new("image/jpeg", ".jpg", ".jpeg", ".jpe");
    public static readonly DetectedType Png = new("image/png", ".png");
    public static readonly DetectedType Webp = new("image/webp", ".webp");
    public static readonly DetectedType Docx = new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx");
    public static readonly DetectedType Xlsx = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx");
    public static readonly DetectedType Odt = new("application/vnd.oasis.opendocument.text", ".odt");
    public static readonly DetectedType Ods = new("application/vnd.oasis.opendocument.spreadsheet", ".ods");

    public bool HasExtension(string extension) =>
        string.Equals(extension, Extension, StringComparison.OrdinalIgnoreCase)
        || OtherExtensions.Contains(extension, StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// Decides what a file is from its bytes, never from its name or the browser's Content-Type, both of which the
/// sender controls. Executables and scripts are named as such so the message can say why they are refused.
/// </summary>
public static class ContentSniffer
{
    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] ZipMagic = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] ElfMagic = [0x7F, 0x45, 0x4C, 0x46];

    /// <summary>The detected type, or the reason the content is refused. <paramref name="content"/> must be seekable.</summary>
    public static (DetectedType? Type, AttachmentRejectionReason? Rejection) Detect(Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        content.Position = 0;
        Span<byte> head = stackalloc byte[16];
        var read = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..read];
        content.Position = 0;

        if (read == 0)
        {
            return (null, AttachmentRejectionReason.Empty);
        }

        if (IsExecutable(head))
        {
            return (null, AttachmentRejectionReason.Executable);
        }

        if (head.StartsWith(PdfMagic))
        {
            return (DetectedType.Pdf, null);
        }

        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
        {
            return (DetectedType.Jpeg, null);
        }

        if (head.StartsWith(PngMagic))
        {
            return (DetectedType.Png, null);
        }

        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return (DetectedType.Webp, null);
        }

        if (head.StartsWith(ZipMagic))
        {
            return DetectZipDocument(content);
        }

        return (null, AttachmentRejectionReason.UnsupportedType);
    }

    private static bool IsExecutable(ReadOnlySpan<byte> head) =>
        (head.Length >= 2 && head[0] == (byte)'M' && head[1] == (byte)'Z') // Windows PE / DOS
        || head.StartsWith(ElfMagic) // Linux
        || (head.Length >= 2 && head[0] == (byte)'#' && head[1] == (byte)'!') // shell, Python, Perl… scripts
        || (head.Length >= 4 && IsMachO(head));

    private static bool IsMachO(ReadOnlySpan<byte> head)
    {
        var magic = (uint)(head[0] << 24 | head[1] << 16 | head[2] << 8 | head[3]);
        return magic is 0xFEEDFACE or 0xFEEDFACF or 0xCEFAEDFE or 0xCFFAEDFE or 0xCAFEBABE; // CAFEBABE: universal binary or Java class
    }

    /// <summary>Office Open XML and OpenDocument files are ZIP archives; only their tell-tale entries say which.</summary>
    private static (DetectedType? Type, AttachmentRejectionReason? Rejection) DetectZipDocument(Stream content)
    {
        try
        {
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            var names = new HashSet<string>(zip.Entries.Select(e => e.FullName), StringComparer.OrdinalIgnoreCase);
            if (names.Any(n => n.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase)))
            {
                return (null, AttachmentRejectionReason.Macro);
            }

            if (names.Contains("[Content_Types].xml"))
            {
                if (names.Contains("word/document.xml"))
                {
                    return (DetectedType.Docx, null);
                }

                if (names.Contains("xl/workbook.xml"))
                {
                    return (DetectedType.Xlsx, null);
                }
            }

            if (zip.GetEntry("mimetype") is { } mimetypeEntry && mimetypeEntry.Length < 100)
            {
                using var reader = new StreamReader(mimetypeEntry.Open(), Encoding.ASCII);
                var mimetype = reader.ReadToEnd().Trim();
                if (mimetype == DetectedType.Odt.ContentType)
                {
                    return (DetectedType.Odt, null);
                }

                if (mimetype == DetectedType.Ods.ContentType)
                {
                    return (DetectedType.Ods, null);
                }
            }

            return (null, AttachmentRejectionReason.UnsupportedType);
        }
        catch (InvalidDataException)
        {
            // A ZIP header on something that is not a readable archive.
            return (null, AttachmentRejectionReason.UnsupportedType);
        }
        finally
        {
            content.Position = 0;
        }
    }
}
