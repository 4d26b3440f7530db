using System.Globalization;
using System.Text;

namespace Services.Workflows.Dossiers.Attachments;

/// <summary>
/// Turns the name a browser sent into one that is safe to store and to send back in Content-Disposition: no
/// folders (<c>../</c>, <c>..\</c>, drive letters), no control or bidirectional-override characters, no characters
/// Windows refuses, NFC-normalised so "ấ" typed on a Mac and on Windows is the same, limited in length, and with the
/// extension of the type actually detected. Vietnamese letters are kept as they are.
/// </summary>
public static class AttachmentFileName
{
    private const string Fallback = "tep-dinh-kem";
    private static readonly char[] Forbidden = ['<', '>', ':', '"', '|', '?', '*', '/', '\\'];

    public static string Sanitize(string? fileName, DetectedType type, int maxLength = 120)
    {
        ArgumentNullException.ThrowIfNull(type);
        var name = fileName ?? "";

        // Only the last path segment, whichever separator the sender's system uses.
        var lastSeparator = name.LastIndexOfAny(['/', '\\']);
        if (lastSeparator >= 0)
        {
            name = name[(lastSeparator + 1)..];
        }

        name = Clean(name);
        var extension = Path.GetExtension(name);
        var stem = extension.Length > 0 ? name[..^extension.Length] : name;
        if (!type.HasExtension(extension))
        {
            // "thu.pdf.exe" that is really a PDF keeps its whole name as the stem and gains ".pdf".
            stem = name;
        }

        stem = stem.Trim().TrimEnd('.').Trim();
        if (stem.Length == 0)
        {
            stem = Fallback;
        }

        var finalExtension = type.HasExtension(extension) ? extension.ToLowerInvariant() : type.Extension;
        return Truncate(stem, Math.Max(1, maxLength - finalExtension.Length)) + finalExtension;
    }

    private static string Clean(string name)
    {
        var sb = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                sb.Append(c).Append(name[++i]);
                continue;
            }

            if (char.IsSurrogate(c))
            {
                continue; // a lone surrogate is invalid UTF-16 and cannot be encoded back
            }

            if (c is ' ' or '\t' or '\u00A0' or '\u3000')
            {
                sb.Append(' '); // visible spacing survives as a plain space; line breaks do not
                continue;
            }

            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                continue;
            }

            if (Array.IndexOf(Forbidden, c) >= 0)
            {
                sb.Append('_');
            }
            else
            {
                sb.Append(c);
            }
        }

        var cleaned = sb.ToString().Normalize(NormalizationForm.FormC);
        while (cleaned.Contains("  ", StringComparison.Ordinal))
        {
            cleaned = cleaned.Replace("  ", " ", StringComparison.Ordinal);
        }

        // Leading dots would make a hidden file, and ".." alone a parent folder.
        return cleaned.Trim().TrimStart('.').Trim();
    }

    /// <summary>Cuts at a text-element boundary so a base letter never loses its diacritics.</summary>
    private static string Truncate(string text, int maxElements)
    {
        var info = new StringInfo(text);
        return info.LengthInTextElements <= maxElements ? text : info.SubstringByTextElements(0, maxElements).TrimEnd();
    }
}
