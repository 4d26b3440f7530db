using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Services.Data.Content;
using Services.Data.Identity;
using Services.Tests.Integration.Infrastructure;
using Services.Workflows.Content;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Content;

/// <summary>
/// What search engines and other portals read: schema.org JSON-LD (GovernmentOrganization on a unit's home,
/// NewsArticle on news, GovernmentService on a procedure), Open Graph and Dublin Core, parsed from the pages as
/// served; and digital resources published through the editorial workflow on their page with the other libraries.
/// </summary>
public sealed partial class ContentMetadataTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string School = "th-le-loi";

    [Fact]
    public async Task HomeNewsAndProcedurePagesCarryTheirStructuredDataOpenGraphAndDublinCore()
    {
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString);
        await portal.SeedDemoCityAsync();
        await using var scope = portal.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Services.Web.Setup.CatalogueSeed>().RunAsync(CancellationToken.None);
        await using var db = database.CreateContext();
        var school = await db.Units.AsNoTracking().SingleAsync(u => u.Slug == School);

        var home = await portal.Client.GetStringAsync($"/{School}");
        var organization = JsonLd(home);
        Assert.Equal("GovernmentOrganization", organization.GetProperty("@type").GetString());
        Assert.Equal(school.NameVi, organization.GetProperty("name").GetString());
        Assert.EndsWith($"/{School}", organization.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal(school.NameVi, Meta(home, "property", "og:title"));
        Assert.Equal(school.NameVi, Meta(home, "name", "DC.title"));

        var procedure = await db.Procedures.AsNoTracking().FirstAsync(p => p.UnitId == school.Id && p.IsPublished);
        var detail = await portal.Client.GetStringAsync($"/{School}/thu-tuc/{procedure.Code}");
        var service = JsonLd(detail);
        Assert.Equal("GovernmentService", service.GetProperty("@type").GetString());
        Assert.Equal(procedure.Code, service.GetProperty("identifier").GetString());
        Assert.Equal(procedure.NameVi, service.GetProperty("name").GetString());
        Assert.Equal(school.NameVi, service.GetProperty("provider").GetProperty("name").GetString());
        Assert.Equal(procedure.NameVi, Meta(detail, "property", "og:title"));
        Assert.Equal(procedure.Code, Meta(detail, "name", "DC.identifier"));

        var news = await PublishAsync(portal, school.Id, ContentKind.News, "thong-bao", "Thông báo lịch tựu trường", "Ngày tựu trường 2/9.", "Học sinh tựu trường.");
        var article = await portal.Client.GetStringAsync($"/{School}/tin-tuc/{news.Slug}");
        var newsArticle = JsonLd(article);
        Assert.Equal("NewsArticle", newsArticle.GetProperty("@type").GetString());
        Assert.Equal(news.Title, newsArticle.GetProperty("headline").GetString());
        Assert.Equal(school.NameVi, newsArticle.GetProperty("publisher").GetProperty("name").GetString());
        Assert.Equal(news.Title, Meta(article, "name", "DC.title"));
        Assert.Equal("article", Meta(article, "property", "og:type"));
    }

    [Fact]
    public async Task ADigitalResourcePublishedThroughTheEditorialWorkflowIsListedBesideTheParentsAndTheMinistrysLibraries()
    {
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString);
        await portal.SeedDemoCityAsync();
        await using var db = database.CreateContext();
        var school = await db.Units.AsNoTracking().SingleAsync(u => u.Slug == School);
        var office = await db.Units.AsNoTracking().SingleAsync(u => u.Id == school.ParentId);
        Assert.Contains($"/{School}/hoc-lieu", await portal.Client.GetStringAsync($"/{School}"), StringComparison.Ordinal);

        var resource = await PublishAsync(portal, school.Id, ContentKind.Resource, "bai-giang", "Bài giảng Toán lớp 3: Phép nhân",
            "Bài giảng điện tử cho học sinh lớp 3.", "Xem [bài giảng](https://hoclieu.example.vn/toan-3) và làm bài tập.");
        var page = await portal.Client.GetStringAsync($"/{School}/hoc-lieu");
        Assert.Contains(resource.Title, page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/{School}/hoc-lieu/{resource.Slug}\"", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/{office.Slug}/hoc-lieu\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"ministry-library\"", page, StringComparison.Ordinal);
        var detail = await portal.Client.GetStringAsync($"/{School}/hoc-lieu/{resource.Slug}");
        Assert.Contains("href=\"https://hoclieu.example.vn/toan-3\"", detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await portal.Client.GetAsync($"/{office.Slug}/hoc-lieu")).StatusCode);
    }

    private static async Task<ContentItem> PublishAsync(RunningPortal portal, Guid unitId, ContentKind kind, string category, string title, string summary, string body)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var editorial = scope.ServiceProvider.GetRequiredService<Editorial>();
        var editor = new Actor(Guid.NewGuid(), PortalRole.Editor, unitId, null, "Biên tập");
        var item = await editorial.CreateAsync(unitId, kind, new ContentDraft(category, title, summary, body), editor, CancellationToken.None);
        await editorial.SubmitAsync(item, editor, CancellationToken.None);
        await editorial.ApproveAsync(item, null, new Actor(Guid.NewGuid(), PortalRole.Approver, unitId, null, "Duyệt"), CancellationToken.None);
        // The portal's own timer worker may have claimed the publication timer first: wait for whichever fires it.
        var timers = portal.Services.GetRequiredService<TimerWorker>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            while (await timers.RunOnceAsync(CancellationToken.None) > 0)
            {
            }

            await using var check = portal.Services.CreateAsyncScope();
            var status = await check.ServiceProvider.GetRequiredService<Services.Data.PortalDbContext>().ContentItems.AsNoTracking()
                .Where(i => i.Id == item.Id).Select(i => i.Status).SingleAsync();
            if (status == ContentStatus.Published || DateTime.UtcNow > deadline)
            {
                Assert.Equal(ContentStatus.Published, status);
                break;
            }

            await Task.Delay(100);
        }

        return item;
    }

    /// <summary>The page's one JSON-LD block, parsed (failing when there is none or more than one).</summary>
    private static JsonElement JsonLd(string html)
    {
        // The type attribute as a browser reads it (the script tag helper writes its '+' as &#x2B;).
        var block = Assert.Single(ScriptBlock().Matches(html), m => WebUtility.HtmlDecode(m.Groups[1].Value) == "application/ld+json");
        using var document = JsonDocument.Parse(block.Groups[2].Value);
        Assert.Equal("https://schema.org", document.RootElement.GetProperty("@context").GetString());
        return document.RootElement.Clone();
    }

    /// <summary>The content of the meta tag with the given attribute (property= for Open Graph, name= for Dublin Core), decoded.</summary>
    private static string Meta(string html, string attribute, string name)
    {
        var match = Regex.Match(html, $"<meta {attribute}=\"{Regex.Escape(name)}\" content=\"([^\"]*)\"");
        Assert.True(match.Success, $"no <meta {attribute}=\"{name}\">");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("<script type=\"([^\"]*)\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ScriptBlock();
}
