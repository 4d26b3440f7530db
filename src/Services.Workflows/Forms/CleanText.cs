using System.Text;

namespace Services.Workflows.Forms;

/// <summary>
/// The one rule for text people type, used by every form, the admin editors, staff comments and the lookups: stored
/// NFC-normalised and trimmed; refused when it carries control characters (line breaks only where allowed),
/// bidirectional overrides and isolates (which make a name or a file name read differently from what it is), U+FFFD
/// (what the request decoder leaves of invalid UTF-8), unpaired surrogates or non-characters; refused when longer
/// than its limit.
/// </summary>
public static class CleanText
{
    /// <summary>NFC-normalised and trimmed; null becomes "".</summary>
    public static string Normalize(string? text) => (text ?? "").Normalize(NormalizationForm.FormC).Trim();

    /// <summary>
    /// The cleaned text, or why it is refused. Empty input is <see cref="CleanTextProblem.Empty"/>, for the caller to
    /// accept or not.
    /// </summary>
    public static (string Value, CleanTextProblem? Problem) Check(string? input, int maxLength, bool allowLineBreaks)
    {
        if (input is not null && !IsClean(input, allowLineBreaks))
        {
            return ("", CleanTextProblem.InvalidCharacters);
        }

        var value = Normalize(input);
        return value.Length == 0 ? ("", CleanTextProblem.Empty)
            : value.Length > maxLength ? ("", CleanTextProblem.TooLong)
            : (value, null);
    }

    /// <summary>True when <paramref name="text"/> holds none of the refused characters.</summary>
    public static bool IsClean(string text, bool allowLineBreaks)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
                continue;
            }

            if (char.IsLowSurrogate(c) || c is '\uFFFD' or '\uFFFE' or '\uFFFF' || IsBidiControl(c))
            {
                return false;
            }

            if (char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\r' or '\t'))
            {
                return false;
            }
        }

        return true;
    }

    // LRM, RLM, ALM, the embeddings and overrides (U+202A–U+202E) and the isolates (U+2066–U+2069).
    private static bool IsBidiControl(char c) => c is '\u200E' or '\u200F' or '\u061C' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}

public enum CleanTextProblem
{
    Empty,
    InvalidCharacters,
    TooLong,
}
