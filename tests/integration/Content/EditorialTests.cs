using System.Globalization;
using System.Net;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Services.Data;
using Services.Data.Content;
using Services.Data.Identity;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Samples;
using Services.Workflows.Content;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Content;

/// <summary>
/// The editorial workflow end to end on real PostgreSQL and the real portal: drafted, returned with a comment,
/// revised, approved for a later time, published by the durable timer when the clock gets there, seen on the unit's
/// news page, its RSS feeds (parsed back), the sitemap and the child unit's home page; then unpublished.
/// </summary>
public sealed class EditorialTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    [Fact]
    public async Task NewsReturnedRevisedAndApprovedForLaterIsPublishedWhenTheClockGetsThere()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 9, 7, 8, 0, 0, Vietnam));
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString, replaceServices: s => s.AddSingleton<TimeProvider>(clock));
        await portal.SeedDemoCityAsync();
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var school = await db.Units.AsNoTracking().SingleAsync(u => u.Slug == "th-nguyen-binh-khiem");
        var office = await db.Units.AsNoTracking().SingleAsync(u => u.Id == school.ParentId);
        var editorial = scope.ServiceProvider.GetRequiredService<Editorial>();
        var editor = new Actor(Guid.NewGuid(), PortalRole.Editor, office.Id, null, "Phạm Quốc Huy");
        var approver = new Actor(Guid.NewGuid(), PortalRole.Approver, office.Id, null, "Võ Thị Mai");

        var item = await editorial.CreateAsync(office.Id, ContentKind.News, new ContentDraft("thong-bao", "Thông báo tuyển sinh lớp 1 năm học 2026-2027",
            "Kế hoạch tuyển sinh lớp 1.", "## Kế hoạch\nNhận hồ sơ trực tuyến<script>alert(1)</script>\n\n- Hồ sơ <img src=x onerror=alert(1)>gồm giấy khai sinh"), editor,
            CancellationToken.None);
        Assert.Contains("<h2>Kế hoạch</h2>", item.Body, StringComparison.Ordinal);
        Assert.Contains("<li>Hồ sơ", item.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", item.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", item.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("thong-bao-tuyen-sinh-lop-1-nam-hoc-2026-2027", item.Slug);

        await editorial.SubmitAsync(item, editor, CancellationToken.None);
        Assert.Equal(ContentStatus.InReview, item.Status);
        // Only an approver decides: the editor's own attempt is refused by the runtime.
        await Assert.ThrowsAsync<TaskActionRefusedException>(() => editorial.ApproveAsync(item, null, editor, CancellationToken.None));

        await editorial.ReturnAsync(item, "Thiếu ngày nhận hồ sơ", approver, CancellationToken.None);
        Assert.Equal(ContentStatus.Draft, item.Status);
        await editorial.UpdateAsync(item, new ContentDraft("thong-bao", item.Title, item.Summary, item.Source + "\nNgày nhận hồ sơ: 15/9"), editor,
            CancellationToken.None);
        await editorial.SubmitAsync(item, editor, CancellationToken.None);
        var publishAt = new DateTimeOffset(2026, 9, 9, 7, 30, 0, Vietnam);
        await editorial.ApproveAsync(item, publishAt, approver, CancellationToken.None);
        Assert.Equal(ContentStatus.Scheduled, item.Status);

        var page = $"/{office.Slug}/tin-tuc/{item.Slug}";
        Assert.Equal(HttpStatusCode.NotFound, (await portal.Client.GetAsync(page)).StatusCode);
        clock.Advance(publishAt - TimeSpan.FromMinutes(1) - clock.GetUtcNow());
        await FireDueTimersAsync(portal);
        Assert.Equal(ContentStatus.Scheduled, await StatusAsync(db, item.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await portal.Client.GetAsync(page)).StatusCode);

        clock.Advance(TimeSpan.FromMinutes(1));
        await FireDueTimersAsync(portal);
        Assert.Equal(ContentStatus.Published, await StatusAsync(db, item.Id));
        Assert.Equal(publishAt, (await db.ContentItems.AsNoTracking().SingleAsync(i => i.Id == item.Id)).PublishedAt);

        var html = await portal.Client.GetStringAsync(page);
        Assert.Contains("Thông báo tuyển sinh lớp 1", html, StringComparison.Ordinal);
        Assert.Contains("\"@type\":\"NewsArticle\"", html, StringComparison.Ordinal);
        Assert.Contains("<meta property=\"og:title\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("alert(1)</script>", html, StringComparison.Ordinal);
        Assert.Contains(item.Title, await portal.Client.GetStringAsync($"/{office.Slug}/tin-tuc"), StringComparison.Ordinal);

        var feed = await FeedAsync(portal, $"/{office.Slug}/rss.xml");
        var entry = Assert.Single(feed.Items, i => i.Title == item.Title);
        Assert.EndsWith(page, entry.Link, StringComparison.Ordinal);
        Assert.Equal(publishAt, entry.PublishedAt);
        Assert.Contains(feed.Items, i => i.Title == item.Title);
        Assert.Contains((await FeedAsync(portal, $"/{office.Slug}/rss/thong-bao.xml")).Items, i => i.Title == item.Title);
        Assert.DoesNotContain((await FeedAsync(portal, $"/{office.Slug}/rss/su-kien.xml")).Items, i => i.Title == item.Title);

        var childHome = await portal.Client.GetStringAsync($"/{school.Slug}");
        Assert.Contains("id=\"parent-news\"", childHome, StringComparison.Ordinal);
        Assert.Contains(item.Title, childHome, StringComparison.Ordinal);
        var sitemap = XDocument.Parse(await portal.Client.GetStringAsync("/sitemap.xml"));
        var locs = sitemap.Descendants(XName.Get("loc", "http://www.sitemaps.org/schemas/sitemap/0.9")).Select(l => new Uri(l.Value).AbsolutePath).ToList();
        Assert.Contains(page, locs);
        Assert.Contains($"/{school.Slug}/gioi-thieu", locs);
        Assert.Contains($"/{office.Slug}/tin-tuc", locs);

        // Versions: who changed what, the return's comment, and the revision's added line.
        var versions = await editorial.VersionsAsync(item.Id, CancellationToken.None);
        Assert.Equal(["Phạm Quốc Huy", "Võ Thị Mai", "Phạm Quốc Huy"], versions.Select(v => v.ChangedBy));
        Assert.Contains("Thiếu ngày nhận hồ sơ", versions[1].Note, StringComparison.Ordinal);
        var diff = ContentDiff.Lines(versions[1].Source, versions[2].Source).Where(l => l.Kind != DiffKind.Same).ToList();
        Assert.Equal([new DiffLine(DiffKind.Added, "Ngày nhận hồ sơ: 15/9")], diff);

        await editorial.UnpublishAsync(item, editor, CancellationToken.None);
        Assert.Equal(HttpStatusCode.NotFound, (await portal.Client.GetAsync(page)).StatusCode);
        Assert.DoesNotContain((await FeedAsync(portal, $"/{office.Slug}/rss.xml")).Items, i => i.Title == item.Title);
        Assert.DoesNotContain(page, XDocument.Parse(await portal.Client.GetStringAsync("/sitemap.xml"))
            .Descendants(XName.Get("loc", "http://www.sitemaps.org/schemas/sitemap/0.9")).Select(l => new Uri(l.Value).AbsolutePath));
    }

    [Fact]
    public async Task ADocumentApprovedForNowIsFoundByItsNumberAndNotByAnother()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 10, 5, 9, 0, 0, Vietnam));
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString, replaceServices: s => s.AddSingleton<TimeProvider>(clock));
        await portal.SeedDemoCityAsync();
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var school = await db.Units.AsNoTracking().SingleAsync(u => u.Slug == "th-le-loi");
        var editorial = scope.ServiceProvider.GetRequiredService<Editorial>();
        var editor = new Actor(Guid.NewGuid(), PortalRole.Editor, school.Id, null, "Biên tập");
        var approver = new Actor(Guid.NewGuid(), PortalRole.Approver, school.Id, null, "Hiệu trưởng");
        var item = await editorial.CreateAsync(school.Id, ContentKind.Document, new ContentDraft("quyet-dinh", "Quyết định thành lập tổ tư vấn học đường",
            "Thành lập tổ tư vấn.", "Điều 1. Thành lập tổ tư vấn học đường.", null, "27/QĐ-THLL", "Trường Tiểu học Lê Lợi",
            new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 2)), editor, CancellationToken.None);
        await editorial.SubmitAsync(item, editor, CancellationToken.None);
        await editorial.ApproveAsync(item, null, approver, CancellationToken.None);
        await FireDueTimersAsync(portal);
        Assert.Equal(ContentStatus.Published, await StatusAsync(db, item.Id));

        var found = await portal.Client.GetStringAsync($"/{school.Slug}/van-ban?so=27%2Fq%C4%91-thll");
        Assert.Contains(item.Title, found, StringComparison.Ordinal);
        var byType = await portal.Client.GetStringAsync($"/{school.Slug}/van-ban?loai=quyet-dinh&tu-ngay=2026-10-01&den-ngay=2026-10-01");
        Assert.Contains(item.Title, byType, StringComparison.Ordinal);
        var other = await portal.Client.GetStringAsync($"/{school.Slug}/van-ban?so=28%2FQ%C4%90");
        Assert.DoesNotContain(item.Title, other, StringComparison.Ordinal);
        var later = await portal.Client.GetStringAsync($"/{school.Slug}/van-ban?tu-ngay=2026-10-02");
        Assert.DoesNotContain(item.Title, later, StringComparison.Ordinal);
        var detail = await portal.Client.GetStringAsync($"/{school.Slug}/van-ban/{item.Slug}");
        Assert.Contains("27/QĐ-THLL", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAdministrativeReformSectionIsTheCataloguesPublishedProceduresWithTheirOnlineLevels()
    {
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString);
        await portal.SeedDemoCityAsync();
        await using var scope = portal.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Services.Web.Setup.CatalogueSeed>().RunAsync(CancellationToken.None);
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var school = await db.Units.AsNoTracking().SingleAsync(u => u.Slug == "th-le-loi");
        var procedure = await db.Procedures.SingleAsync(p => p.UnitId == school.Id && p.Code == "NH-01");
        Assert.Contains("NH-01", await portal.Client.GetStringAsync($"/{school.Slug}/cai-cach-hanh-chinh"), StringComparison.Ordinal);

        // Unpublished in the catalogue, gone from the section: it is read from the catalogue, not copied.
        procedure.IsPublished = false;
        await db.SaveChangesAsync();
        Assert.DoesNotContain("NH-01", await portal.Client.GetStringAsync($"/{school.Slug}/cai-cach-hanh-chinh"), StringComparison.Ordinal);
    }

    private static async Task FireDueTimersAsync(RunningPortal portal)
    {
        var timers = portal.Services.GetRequiredService<TimerWorker>();
        while (await timers.RunOnceAsync(CancellationToken.None) > 0)
        {
        }
    }

    private static Task<ContentStatus> StatusAsync(PortalDbContext db, Guid id) =>
        db.ContentItems.AsNoTracking().Where(i => i.Id == id).Select(i => i.Status).SingleAsync();

    private sealed record FeedItem(string Title, string Link, DateTimeOffset PublishedAt);

    private sealed record Feed(string Title, IReadOnlyList<FeedItem> Items);

    /// <summary>Reads an RSS 2.0 document back, failing on anything the format requires and is missing.</summary>
    private static async Task<Feed> FeedAsync(RunningPortal portal, string path)
    {
        using var response = await portal.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/rss+xml", response.Content.Headers.ContentType?.MediaType);
        var rss = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        Assert.Equal(("rss", "2.0"), (rss.Name.LocalName, rss.Attribute("version")?.Value));
        var channel = Assert.Single(rss.Elements("channel"));
        foreach (var required in new[] { "title", "link", "description" })
        {
            Assert.False(string.IsNullOrWhiteSpace(channel.Element(required)?.Value), $"channel/{required} is missing");
        }

        var items = channel.Elements("item").Select(i => new FeedItem(i.Element("title")!.Value, i.Element("link")!.Value,
            DateTimeOffset.ParseExact(i.Element("pubDate")!.Value, "r", CultureInfo.InvariantCulture))).ToList();
        return new Feed(channel.Element("title")!.Value, items);
    }
}
