using System.Globalization;
using System.Text;
using System.Xml;
using Services.Data.Content;
using Services.Web.Units;
using Services.Workflows.Content;

namespace Services.Web.Content;

/// <summary>RSS 2.0 per unit and per news category, <c>sitemap.xml</c> of every published page, and <c>robots.txt</c>.</summary>
public static class ContentFeeds
{
    public static IEndpointRouteBuilder MapContentFeeds(this IEndpointRouteBuilder app)
    {
        app.MapGet("/{unit}/rss.xml", (string unit, HttpContext http, UnitDirectory units, PublishedContent content, CancellationToken ct) =>
            RssAsync(unit, null, http, units, content, ct)).AllowAnonymous();
        app.MapGet("/{unit}/rss/{category}.xml", (string unit, string category, HttpContext http, UnitDirectory units, PublishedContent content, CancellationToken ct) =>
            ContentCategories.IsValid(ContentKind.News, category) ? RssAsync(unit, category, http, units, content, ct) : Task.FromResult(Results.NotFound()))
            .AllowAnonymous();
        app.MapGet("/sitemap.xml", SitemapAsync).AllowAnonymous();
        app.MapGet("/robots.txt", (HttpContext http) => Results.Text(
            $"User-agent: *\nDisallow: /can-bo/\nDisallow: /quan-tri/\nDisallow: /tai-khoan/\nSitemap: {BaseOf(http)}/sitemap.xml\n", "text/plain", Encoding.UTF8))
            .AllowAnonymous();
        return app;
    }

    private static string BaseOf(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";

    private static async Task<IResult> RssAsync(string unitSlug, string? category, HttpContext http, UnitDirectory units, PublishedContent content, CancellationToken ct)
    {
        if (await units.FindBySlugAsync(unitSlug, ct) is not { } unit)
        {
            return Results.NotFound();
        }

        var items = await content.LatestAsync(unit.Id, ContentKind.News, category, 30, ct);
        var site = BaseOf(http);
        var output = new StringBuilder();
        await using (var xml = XmlWriter.Create(output, new XmlWriterSettings { Async = true, Indent = true, Encoding = Encoding.UTF8 }))
        {
            await xml.WriteStartDocumentAsync();
            await xml.WriteStartElementAsync(null, "rss", null);
            await xml.WriteAttributeStringAsync(null, "version", null, "2.0");
            await xml.WriteStartElementAsync(null, "channel", null);
            await xml.WriteElementStringAsync(null, "title", null, category is null ? $"{unit.NameVi} – Tin tức" : $"{unit.NameVi} – Tin tức – {category}");
            await xml.WriteElementStringAsync(null, "link", null, $"{site}/{unit.Slug}/tin-tuc");
            await xml.WriteElementStringAsync(null, "description", null, $"Tin tức của {unit.NameVi}");
            await xml.WriteElementStringAsync(null, "language", null, "vi");
            foreach (var item in items)
            {
                var link = $"{site}/{unit.Slug}/{PublishedContent.SectionOf(item.Kind)}/{item.Slug}";
                await xml.WriteStartElementAsync(null, "item", null);
                await xml.WriteElementStringAsync(null, "title", null, item.Title);
                await xml.WriteElementStringAsync(null, "link", null, link);
                await xml.WriteElementStringAsync(null, "description", null, item.Summary);
                await xml.WriteElementStringAsync(null, "category", null, item.Category);
                await xml.WriteStartElementAsync(null, "guid", null);
                await xml.WriteAttributeStringAsync(null, "isPermaLink", null, "true");
                await xml.WriteStringAsync(link);
                await xml.WriteEndElementAsync();
                await xml.WriteElementStringAsync(null, "pubDate", null, (item.PublishedAt ?? item.UpdatedAt).ToUniversalTime().ToString("r", CultureInfo.InvariantCulture));
                await xml.WriteEndElementAsync();
            }

            await xml.WriteEndElementAsync();
            await xml.WriteEndElementAsync();
        }

        return Results.Text(output.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal), "application/rss+xml", Encoding.UTF8);
    }

    private static async Task<IResult> SitemapAsync(HttpContext http, PublishedContent content, CancellationToken ct)
    {
        var site = BaseOf(http);
        var output = new StringBuilder();
        await using (var xml = XmlWriter.Create(output, new XmlWriterSettings { Async = true, Indent = true }))
        {
            const string ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
            await xml.WriteStartDocumentAsync();
            await xml.WriteStartElementAsync(null, "urlset", ns);
            foreach (var (path, updatedAt) in await content.SitemapAsync(ct))
            {
                await xml.WriteStartElementAsync(null, "url", ns);
                await xml.WriteElementStringAsync(null, "loc", ns, site + path);
                if (updatedAt is { } at)
                {
                    await xml.WriteElementStringAsync(null, "lastmod", ns, at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                }

                await xml.WriteEndElementAsync();
            }

            await xml.WriteEndElementAsync();
        }

        return Results.Text(output.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal), "application/xml", Encoding.UTF8);
    }
}
