using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Services.Data.Content;
using Services.Tests.Integration.Infrastructure;
using Services.Web.Content;

namespace Services.Tests.Integration.Content;

/// <summary>
/// A unit's parent feed from another host (a real HTTP server on loopback): its items shown on the unit's home page
/// with their source and fetch time, script and unsafe links stripped; a failing fetch keeps the last good items. The
/// default feed is the parent's RSS on this portal, read back by the same reader.
/// </summary>
public sealed class ParentFeedTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string School = "th-nguyen-binh-khiem";

    private const string Rss = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel>
          <title>Cổng thông tin Phòng GD&amp;ĐT (máy chủ khác)</title>
          <link>https://pgd.example.vn/</link>
          <description>Tin tức</description>
          <item><title>Lịch thi học kỳ I năm học 2026-2027</title><link>https://pgd.example.vn/tin/lich-thi</link>
            <description>&lt;p&gt;Lịch thi &lt;strong&gt;chung&lt;/strong&gt; toàn quận.&lt;/p&gt;</description><pubDate>Mon, 05 Oct 2026 02:00:00 GMT</pubDate></item>
          <item><title>&lt;script&gt;steal()&lt;/script&gt;Giấy mời họp</title><link>javascript:steal()</link>
            <description>&lt;p&gt;Họp&lt;/p&gt;&lt;script&gt;document.cookie&lt;/script&gt;&lt;img src=x onerror="steal()"&gt;&lt;a href="javascript:steal()"&gt;xem&lt;/a&gt;</description></item>
        </channel></rss>
        """;

    [Fact]
    public async Task TheParentsFeedFromAnotherHostIsShownSanitisedAndKeptWhenAFetchFails()
    {
        var failing = false;
        await using var host = await FeedHostAsync(() => failing ? Results.StatusCode(500) : Results.Text(Rss, "application/rss+xml"));
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString);
        await portal.SeedDemoCityAsync();
        await using var db = database.CreateContext();
        var schoolId = await db.Units.Where(u => u.Slug == School).Select(u => u.Id).SingleAsync();
        db.ParentFeeds.Add(new ParentFeed { UnitId = schoolId, Url = new Uri(host.Address, "/rss.xml").AbsoluteUri });
        await db.SaveChangesAsync();

        Assert.True(await RefreshAsync(portal, schoolId));
        var home = await portal.Client.GetStringAsync($"/{School}");
        var section = Section(home);
        Assert.Contains("Lịch thi học kỳ I năm học 2026-2027", section, StringComparison.Ordinal);
        Assert.Contains("href=\"https://pgd.example.vn/tin/lich-thi\"", section, StringComparison.Ordinal);
        Assert.Contains("<strong>chung</strong>", section, StringComparison.Ordinal);
        Assert.Contains("Giấy mời họp", section, StringComparison.Ordinal);
        Assert.Contains("Cổng thông tin Phòng GD&amp;ĐT (máy chủ khác)", section, StringComparison.Ordinal); // the source, named
        foreach (var hostile in new[] { "<script", "javascript:", "onerror", "document.cookie", "<img" })
        {
            Assert.DoesNotContain(hostile, section, StringComparison.OrdinalIgnoreCase);
        }

        var fetchedAt = (await db.ParentFeeds.AsNoTracking().SingleAsync(f => f.UnitId == schoolId)).FetchedAt;
        failing = true;
        Assert.False(await RefreshAsync(portal, schoolId));
        var feed = await db.ParentFeeds.AsNoTracking().SingleAsync(f => f.UnitId == schoolId);
        Assert.Equal("HTTP 500", feed.Error);
        Assert.Equal(fetchedAt, feed.FetchedAt);
        Assert.Equal(2, await db.ParentFeedItems.CountAsync(i => i.UnitId == schoolId));
        Assert.Contains("Lịch thi học kỳ I năm học 2026-2027", Section(await portal.Client.GetStringAsync($"/{School}")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDefaultFeedIsTheParentsRssOnThisPortalAndReadsBack()
    {
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString);
        await portal.SeedDemoCityAsync();
        await using var db = database.CreateContext();
        var school = await db.Units.AsNoTracking().SingleAsync(u => u.Slug == "th-le-loi");
        var office = await db.Units.AsNoTracking().SingleAsync(u => u.Id == school.ParentId);
        await using var scope = portal.Services.CreateAsyncScope();
        var feeds = scope.ServiceProvider.GetRequiredService<ParentFeeds>();
        Assert.Equal($"{RunningPortal.PublicBaseUrl}/{office.Slug}/rss.xml", (await feeds.AddressOfAsync(school.Id, CancellationToken.None))?.AbsoluteUri);

        // The portal's own feed, as served, parsed by the reader that reads other hosts' feeds.
        await using var stream = await portal.Client.GetStreamAsync($"/{office.Slug}/rss.xml");
        var document = Services.Workflows.Content.FeedReader.Read(stream);
        Assert.NotNull(document);
        Assert.Contains(office.NameVi, document.Title, StringComparison.Ordinal);
    }

    private static async Task<bool> RefreshAsync(RunningPortal portal, Guid unitId)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ParentFeeds>().RefreshAsync(unitId, CancellationToken.None);
    }

    /// <summary>The home page's parent-feed section (failing when there is none).</summary>
    private static string Section(string home)
    {
        var start = home.IndexOf("id=\"parent-feed\"", StringComparison.Ordinal);
        Assert.True(start >= 0, "the home page has no parent-feed section");
        return home[start..home.IndexOf("</section>", start, StringComparison.Ordinal)];
    }

    private sealed class FeedHost(WebApplication app, Uri address) : IAsyncDisposable
    {
        public Uri Address { get; } = address;

        public ValueTask DisposeAsync() => app.DisposeAsync();
    }

    /// <summary>Another host: a real Kestrel server on a free loopback port answering <c>/rss.xml</c>.</summary>
    private static async Task<FeedHost> FeedHostAsync(Func<IResult> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/rss.xml", answer);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FeedHost(app, new Uri(address));
    }
}
