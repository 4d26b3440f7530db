using PdfSharp.Fonts;

namespace Services.Workflows.Documents;

/// <summary>
/// Gives PDFsharp the Noto Sans and Noto Serif faces of Debian's fonts-noto-core. PDFsharp's Core build has no
/// system font lookup on Linux, and Noto is chosen over DejaVu because DejaVu lacks the precomposed Vietnamese
/// letters with two diacritics (ấ, ồ, ể, ặ, ữ…) and falls back to badly stacked marks.
/// </summary>
public sealed class NotoFontResolver(string fontDirectory) : IFontResolver
{
    public const string Sans = "Noto Sans";
    public const string Serif = "Noto Serif";
    public const string DefaultDirectory = "/usr/share/fonts/truetype/noto";

    private readonly Dictionary<string, byte[]> _cache = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
    {
        var family = familyName.Replace(" ", "", StringComparison.Ordinal) switch
        {
            "NotoSerif" => "NotoSerif",
            _ => "NotoSans", // anything else (PDFsharp's own defaults included) gets the sans face
        };
        var style = (bold, italic) switch
        {
            (true, true) => "BoldItalic",
            (true, false) => "Bold",
            (false, true) => "Italic",
            _ => "Regular",
        };
        return new FontResolverInfo($"{family}-{style}");
    }

    public byte[]? GetFont(string faceName)
    {
        lock (_gate)
        {
            if (_cache.TryGetValue(faceName, out var bytes))
            {
                return bytes;
            }

            var path = Path.Combine(fontDirectory, faceName + ".ttf");
            if (!File.Exists(path))
            {
                throw new FileNotFoundException(
                    $"Font {faceName} not found in {fontDirectory}: install Debian's fonts-noto-core (./portal does).", path);
            }

            bytes = File.ReadAllBytes(path);
            _cache[faceName] = bytes;
            return bytes;
        }
    }
}
