using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Services.Data.Content;
using Services.Data.Identity;
using Services.Tests.E2e.Content;
using Services.Tests.E2e.Infrastructure;
using Services.Workflows.Content;
using Services.Workflows.Runtime;

namespace Services.Tests.E2e.Search;

/// <summary>
/// /tim-kiem in a real browser on the demo city: axe-core finds nothing on results, no results and a facet applied, in
/// Vietnamese and English, at phone and desktop sizes; the search box in a unit page's header finds published news.
/// </summary>
public sealed class SearchPagesTests(ContentPortal portal) : IClassFixture<ContentPortal>
{
    private const string School = "th-nguyen-binh-khiem";
    private const string Hit = "main h3.h5 a";

    public static TheoryData<string, int, int> Sizes() => new() { { "vi", 390, 844 }, { "vi", 1366, 900 }, { "en", 390, 844 }, { "en", 1366, 900 } };

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Results_no_results_and_a_facet_have_no_accessibility_violations(string lang, int width, int height)
    {
        var (prefix, words) = lang == "en" ? ("/en", "school") : ("", "truong");
        var page = await portal.NewPageAsync(width, height);

        await OpenUntilAsync(page, $"{prefix}/tim-kiem?q={words}", hits => hits > 0);
        Assert.Equal(lang, await page.Locator("html").GetAttributeAsync("lang"));
        await Axe.AssertNoViolationsAsync(page);

        await OpenUntilAsync(page, $"{prefix}/tim-kiem?q={words}&loai=don-vi", hits => hits > 0);
        await Assertions.Expect(page.Locator("a[data-kind=\"don-vi\"][aria-current=\"true\"]")).ToHaveCountAsync(1);
        await Axe.AssertNoViolationsAsync(page);

        await OpenUntilAsync(page, $"{prefix}/tim-kiem?q=xqzvyw+kjhgf", hits => hits == 0);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("xqzvyw kjhgf");
        await Axe.AssertNoViolationsAsync(page);
    }

    [Fact]
    public async Task The_header_search_box_of_a_unit_page_finds_published_news()
    {
        var code = Guid.NewGuid().ToString("N")[..6];
        var title = $"Ngày hội STEM của trường mã {code}";
        await PublishNewsAsync(title);
        var page = await portal.NewPageAsync(1366, 900);
        // The index tails the change table: wait until the page finds the item, so the browser's search is not a race.
        await OpenUntilAsync(page, $"/tim-kiem?q=ngay+hoi+stem+{code}", hits => hits > 0);

        await page.GotoAsync($"/{School}");
        await page.Locator("#site-search-q").FillAsync($"ngay hoi stem {code}");
        await page.Locator("#site-search-q").PressAsync("Enter");
        await page.WaitForURLAsync("**/tim-kiem?q=*");
        var hit = page.Locator(Hit).First;
        await Assertions.Expect(hit).ToHaveTextAsync(title);
        await hit.ClickAsync();
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync(title);
        Assert.Contains($"/{School}/tin-tuc/", page.Url, StringComparison.Ordinal);
    }

    /// <summary>Opens <paramref name="path"/> again until its number of hits satisfies <paramref name="until"/> (the index is built in the background).</summary>
    private static async Task OpenUntilAsync(IPage page, string path, Func<int, bool> until)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(200, response!.Status);
            var hits = await page.Locator(Hit).CountAsync();
            if (until(hits))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{path}: {hits} hits after 30 s.");
            await Task.Delay(250);
        }
    }

    private async Task PublishNewsAsync(string title)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Services.Data.PortalDbContext>();
        var school = db.Units.Single(u => u.Slug == School);
        var editorial = scope.ServiceProvider.GetRequiredService<Editorial>();
        var editor = new Actor(Guid.NewGuid(), PortalRole.Editor, school.Id, null, "Biên tập");
        var item = await editorial.CreateAsync(school.Id, ContentKind.News, new ContentDraft("su-kien", title, "Học sinh trình bày sản phẩm khoa học.",
            "Các đội thi trưng bày mô hình robot và năng lượng mặt trời."), editor, CancellationToken.None);
        await editorial.SubmitAsync(item, editor, CancellationToken.None);
        await editorial.ApproveAsync(item, null, new Actor(Guid.NewGuid(), PortalRole.Approver, school.Id, null, "Duyệt"), CancellationToken.None);
        await portal.FireDueTimersAsync();
    }
}
