using System.Text;

namespace Services.Web.Catalogue;

/// <summary>Cleans text typed into the admin forms before it is validated and stored.</summary>
public static class CatalogueText
{
    /// <summary>
    /// NFC-normalised, trimmed, with line endings unified and control characters and lone surrogates dropped
    /// (PostgreSQL would refuse the latter, turning a typing accident into a server error), and U+FFFD, which only
    /// ever stands for bytes that were not valid UTF-8 on the way in. Null stays null.
    /// </summary>
    public static string? Clean(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
            }
            else if (char.IsSurrogate(c) || c == '\uFFFD' || (char.IsControl(c) && c is not '\n' and not '\t'))
            {
                continue;
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString().Normalize(NormalizationForm.FormC).Trim();
    }

    /// <summary>Non-empty lines of a textarea, each cleaned.</summary>
    public static List<string> Lines(string? text) =>
        (Clean(text?.ReplaceLineEndings("\n")) ?? "")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToList();
}
