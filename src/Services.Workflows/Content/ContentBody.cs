using System.Text;
using System.Text.RegularExpressions;
using Ganss.Xss;

namespace Services.Workflows.Content;

/// <summary>
/// The editor's plain text to stored HTML: a blank line starts a paragraph, <c>## </c> and <c>### </c> make headings,
/// <c>- </c> a list item, <c>**bold**</c>, <c>[text](https://…)</c> a link. Whatever HTML the editor typed passes through
/// and then everything is cleaned against the allow-list, so no stored body ever carries script, styles or handlers.
/// </summary>
public static partial class ContentBody
{
    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    public static string ToHtml(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var html = new StringBuilder();
        var paragraph = new List<string>();
        var inList = false;

        void FlushParagraph()
        {
            if (paragraph.Count > 0)
            {
                html.Append("<p>").AppendJoin("<br>", paragraph).Append("</p>\n");
                paragraph.Clear();
            }
        }

        void CloseList()
        {
            if (inList)
            {
                html.Append("</ul>\n");
                inList = false;
            }
        }

        foreach (var raw in source.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                FlushParagraph();
                CloseList();
            }
            else if (line.StartsWith("### ", StringComparison.Ordinal) || line.StartsWith("## ", StringComparison.Ordinal))
            {
                FlushParagraph();
                CloseList();
                var level = line.StartsWith("### ", StringComparison.Ordinal) ? 3 : 2;
                var tag = level == 3 ? "h3" : "h2";
                html.Append('<').Append(tag).Append('>').Append(Inline(line[(level + 1)..])).Append("</").Append(tag).Append(">\n");
            }
            else if (line.StartsWith("- ", StringComparison.Ordinal))
            {
                FlushParagraph();
                if (!inList)
                {
                    html.Append("<ul>\n");
                    inList = true;
                }

                html.Append("<li>").Append(Inline(line[2..])).Append("</li>\n");
            }
            else
            {
                CloseList();
                paragraph.Add(Inline(line));
            }
        }

        FlushParagraph();
        CloseList();
        return Sanitize(html.ToString());
    }

    public static string Sanitize(string html) => Sanitizer.Sanitize(html);

    /// <summary>The text of stored HTML, for summaries in feeds and meta tags.</summary>
    public static string PlainText(string html) => WhiteSpace().Replace(Tags().Replace(html, " "), " ").Trim();

    private static string Inline(string text) =>
        Link().Replace(Bold().Replace(text, "<strong>$1</strong>"), "<a href=\"$2\">$1</a>");

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(["p", "br", "h2", "h3", "ul", "ol", "li", "strong", "em", "a", "blockquote"], StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(["href"], StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(["http", "https", "mailto"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href"], StringComparer.OrdinalIgnoreCase),
        });
        return sanitizer;
    }

    [GeneratedRegex(@"\*\*(.+?)\*\*")]
    private static partial Regex Bold();

    [GeneratedRegex(@"\[([^\]]+)\]\(((?:https?://|mailto:)[^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
