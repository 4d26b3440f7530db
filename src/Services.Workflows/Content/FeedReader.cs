using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Services.Workflows.Content;

/// <summary>One item read from a feed: plain-text title, a safe link (absolute http/https) or none, sanitised summary.</summary>
public sealed record FeedEntry(string Title, string? Link, string Summary, DateTimeOffset? PublishedAt);

/// <summary>A feed's channel (its name and site) and its first items.</summary>
public sealed record FeedDocument(string Title, string? Link, IReadOnlyList<FeedEntry> Entries);

/// <summary>
/// Reads an RSS 2.0 document from anywhere, trusting nothing in it: no DTD, titles reduced to text, summaries through
/// the same allow-list as editors' bodies, links kept only when absolute http(s). Null when it is not RSS 2.0.
/// </summary>
public static class FeedReader
{
    public const int MaxEntries = 10;

    private static readonly XmlReaderSettings Settings = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 2_000_000 };

    public static FeedDocument? Read(Stream stream)
    {
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(stream, Settings);
            document = XDocument.Load(reader);
        }
        catch (XmlException)
        {
            return null;
        }

        if (document.Root is not { Name.LocalName: "rss" } rss || rss.Attribute("version")?.Value != "2.0" || rss.Element("channel") is not { } channel)
        {
            return null;
        }

        var entries = channel.Elements("item").Take(MaxEntries).Select(i => new FeedEntry(
                Text(i.Element("title")?.Value, 300), SafeLink(i.Element("link")?.Value),
                Cap(ContentBody.Sanitize(i.Element("description")?.Value ?? ""), 2000), Date(i.Element("pubDate")?.Value)))
            .Where(e => e.Title.Length > 0).ToList();
        return new FeedDocument(Text(channel.Element("title")?.Value, 300), SafeLink(channel.Element("link")?.Value), entries);
    }

    /// <summary>An absolute http or https address (no script, data or relative ones), else null.</summary>
    public static string? SafeLink(string? value) =>
        Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsoluteUri.Length <= 500 ? uri.AbsoluteUri : null;

    /// <summary>Text only: tags dropped before and after decoding entities (an escaped tag stays text, never markup).</summary>
    private static string Text(string? value, int max)
    {
        var text = ContentBody.PlainText(System.Net.WebUtility.HtmlDecode(ContentBody.PlainText(value ?? "")));
        return text.Length <= max ? text : text[..max];
    }

    /// <summary>Cut to length; a sanitised summary cut mid-tag is sanitised again so it stays well-formed.</summary>
    private static string Cap(string value, int max) => value.Length <= max ? value : ContentBody.Sanitize(value[..max]);

    private static DateTimeOffset? Date(string? value) =>
        DateTimeOffset.TryParse(value?.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var at) ? at.ToUniversalTime() : null;
}
