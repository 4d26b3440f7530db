using System.Globalization;
using System.Text;

namespace Services.Workflows.Content;

/// <summary>An address segment from a Vietnamese title: accents folded (đ → d), lower case, words joined by hyphens.</summary>
public static class ContentSlug
{
    public static string From(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        var folded = new StringBuilder();
        foreach (var c in title.Replace('đ', 'd').Replace('Đ', 'D').Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            folded.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
        }

        var slug = string.Join('-', folded.ToString().Split('-', StringSplitOptions.RemoveEmptyEntries));
        return slug.Length == 0 ? "bai-viet" : slug[..Math.Min(slug.Length, 80)].TrimEnd('-');
    }
}
