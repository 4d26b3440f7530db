using System.Globalization;
using System.Text;

namespace Services.Workflows.Admissions;

/// <summary>
/// How the public lists show a child: the family name in full and only the initials of the other names
/// ("Nguyễn Văn An" → "Nguyễn V. A."), and the personal identification number with all but its last three digits
/// hidden ("*********123"). A one-word name shows only its initial, so no list ever prints a whole name.
/// </summary>
public static class PublicMask
{
    private const int VisibleDigits = 3;

    public static string Name(string? fullName)
    {
        var words = (fullName ?? "").Normalize(NormalizationForm.FormC).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return "";
        }

        if (words.Length == 1)
        {
            return Initial(words[0]);
        }

        return string.Join(' ', words.Skip(1).Select(Initial).Prepend(words[0]));
    }

    public static string PersonalId(string? id)
    {
        var value = (id ?? "").Trim();
        return value.Length <= VisibleDigits ? new string('*', value.Length) : new string('*', value.Length - VisibleDigits) + value[^VisibleDigits..];
    }

    /// <summary>The first letter as it is read (a base letter with its marks), upper case, and a full stop.</summary>
    private static string Initial(string word) =>
        StringInfo.GetNextTextElement(word, 0).ToUpperInvariant() + ".";
}
