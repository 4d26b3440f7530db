using System.IO.Compression;
using System.Text;

namespace Services.Tests.Unit.Dossiers;

/// <summary>Real byte samples of each kind of file an upload may be: the smallest valid files, built here rather than shipped.</summary>
internal static class FileSamples
{
    public static byte[] Pdf => Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n" +
        "trailer<</Root 1 0 R>>\n%%EOF\n");

    /// <summary>A 1×1 white PNG.</summary>
    public static byte[] Png => Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC");

    /// <summary>The start of a JFIF JPEG (SOI, APP0 "JFIF") followed by an end-of-image marker.</summary>
    public static byte[] Jpeg =>
    [
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
        0xFF, 0xD9,
    ];

    public static byte[] Webp =>
    [
        .. "RIFF"u8, 0x1A, 0x00, 0x00, 0x00, .. "WEBPVP8L"u8, 0x0D, 0x00, 0x00, 0x00, 0x2F, 0x00, 0x00, 0x00, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xFE, 0x07, 0x00,
    ];

    public static byte[] Docx => Zip(
        ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
        ("_rels/.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"/>"),
        ("word/document.xml", "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body/></w:document>"));

    public static byte[] Xlsx => Zip(
        ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
        ("xl/workbook.xml", "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>"));

    public static byte[] Docm => Zip(
        ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types/>"),
        ("word/document.xml", "<w:document/>"),
        ("word/vbaProject.bin", "macro"));

    public static byte[] Odt => Zip(("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<office:document-content/>"));

    public static byte[] PlainZip => Zip(("readme.txt", "xin chào"));

    /// <summary>A DOS/PE header as every Windows .exe starts.</summary>
    public static byte[] WindowsExecutable => [.. "MZ"u8, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, .. "This program cannot be run in DOS mode."u8];

    public static byte[] ElfExecutable => [0x7F, .. "ELF"u8, 0x02, 0x01, 0x01, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x00, 0x3E, 0x00];

    public static byte[] ShellScript => "#!/bin/sh\nrm -rf /\n"u8.ToArray();

    public static byte[] Html => "<html><script>alert(1)</script></html>"u8.ToArray();

    private static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                var entry = zip.CreateEntry(name);
                entry.LastWriteTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero); // same bytes on every call
                using var writer = new StreamWriter(entry.Open(), Encoding.UTF8);
                writer.Write(content);
            }
        }

        return buffer.ToArray();
    }
}
