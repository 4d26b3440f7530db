using System.Globalization;

namespace Services.Web.Catalogue;

public static class FileSizes
{
    /// <summary>"245 KB", "1,2 MB" in the current culture, as a download link states the size it will fetch.</summary>
    public static string Format(long bytes) => bytes switch
    {
        < 1024 => string.Format(CultureInfo.CurrentCulture, "{0} B", bytes),
        < 1024 * 1024 => string.Format(CultureInfo.CurrentCulture, "{0:0} KB", bytes / 1024d),
        _ => string.Format(CultureInfo.CurrentCulture, "{0:0.#} MB", bytes / (1024d * 1024d)),
    };

    /// <summary>A short name for a content type, e.g. "PDF", "Word".</summary>
    public static string Kind(string contentType) => contentType switch
    {
        "application/pdf" => "PDF",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "Word (.docx)",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "Excel (.xlsx)",
        "application/vnd.oasis.opendocument.text" => "OpenDocument (.odt)",
        "application/vnd.oasis.opendocument.spreadsheet" => "OpenDocument (.ods)",
        "image/jpeg" => "JPEG",
        "image/png" => "PNG",
        "image/webp" => "WebP",
        _ => contentType,
    };
}
