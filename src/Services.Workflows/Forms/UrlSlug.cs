using System.Text.RegularExpressions;

namespace Services.Workflows.Forms;

/// <summary>The one slug rule (URL segments, answer keys, choice values): lower-case ASCII letters and digits in words joined by single dashes.</summary>
public static partial class UrlSlug
{
    public static bool IsValid(string? text) => text is not null && Pattern().IsMatch(text);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex Pattern();
}
