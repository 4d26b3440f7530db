using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Services.Data.Content;
using Services.Data.Identity;
using Services.Tests.E2e.Infrastructure;
using Services.Workflows.Content;
using Services.Workflows.Runtime;

namespace Services.Tests.E2e.Content;

/// <summary>
/// Issue 14 in a real browser: an editor drafts news, an approver approves it for a set time, the clock is moved, and
/// it appears on the office's news page, in its RSS feed and on its school's home page; a document is found by its
/// number; the public content pages, introduction and contacts pass axe-core in Vietnamese and English, phone and desktop.
/// </summary>
public sealed class ContentJourneyTests(ContentPortal portal) : IClassFixture<ContentPortal>
{
    private const string Office = "phong-gd-binh-an";
    private const string School = "th-nguyen-binh-khiem";

    [Fact]
    public async Task NewsDraftedAndApprovedForLaterAppearsOnThePortalItsFeedAndTheSchoolsHome()
    {
        var editor = await StaffAccounts.CreateAsync(portal.ConnectionString, Office, nameof(PortalRole.Editor), "Biên Tập Viên");
        var approver = await StaffAccounts.CreateAsync(portal.ConnectionString, Office, nameof(PortalRole.Approver), "Người Duyệt");
        var title = $"Hội thi giáo viên giỏi {Guid.NewGuid().ToString("N")[..6]}";

        var page = await portal.NewPageAsync(1280, 900);
        await StaffAccounts.SignInAsync(page, editor, $"/quan-tri/{Office}/noi-dung");
        await page.GetByRole(AriaRole.Link, new() { Name = "Tạo mới: Tin tức" }).ClickAsync();
        await page.GetByLabel("Tiêu đề").FillAsync(title);
        await page.GetByLabel("Chuyên mục").SelectOptionAsync("su-kien");
        await page.GetByLabel("Tóm tắt").FillAsync("Phòng tổ chức hội thi giáo viên dạy giỏi cấp quận.");
        await page.GetByLabel("Nội dung", new() { Exact = true }).FillAsync("## Thời gian\nTừ ngày 20 đến 25.\n\n- Đăng ký qua trường");
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi duyệt" }).ClickAsync();
        await Assertions.Expect(page.Locator("#content-status")).ToHaveTextAsync("Chờ duyệt");
        var itemPath = new Uri(page.Url).AbsolutePath;

        var approverPage = await portal.NewPageAsync(1280, 900);
        await StaffAccounts.SignInAsync(approverPage, approver, itemPath);
        var publishAt = VietnamTime(portal.Clock.GetUtcNow()).AddDays(1);
        await approverPage.GetByLabel("Đăng lúc").FillAsync(publishAt.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await approverPage.GetByRole(AriaRole.Button, new() { Name = "Duyệt đăng" }).ClickAsync();
        await Assertions.Expect(approverPage.Locator("#content-status")).ToHaveTextAsync("Chờ đăng");

        var visitor = await portal.NewPageAsync(1280, 900);
        await visitor.GotoAsync($"/{Office}/tin-tuc");
        await Assertions.Expect(visitor.GetByRole(AriaRole.Link, new() { Name = title })).ToHaveCountAsync(0);

        portal.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await portal.FireDueTimersAsync();

        await visitor.GotoAsync($"/{Office}/tin-tuc");
        await visitor.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await Assertions.Expect(visitor.Locator("main h1")).ToHaveTextAsync(title);
        await Assertions.Expect(visitor.Locator(".content-body h2")).ToHaveTextAsync("Thời gian");

        var feed = await visitor.APIRequest.GetAsync($"/{Office}/rss.xml");
        Assert.Equal(200, feed.Status);
        Assert.Contains($"<title>{title}</title>", await feed.TextAsync(), StringComparison.Ordinal);

        await visitor.GotoAsync($"/{School}");
        await Assertions.Expect(visitor.Locator("#parent-news").GetByRole(AriaRole.Link, new() { Name = title })).ToBeVisibleAsync();
    }

    /// <summary>
    /// News images (ADR 0031): an editor attaches a photo (first without its description: refused in Vietnamese), an
    /// approver publishes it, and the article, the news list and the office's home show it, loaded, with its
    /// alternative text, axe-clean at phone and desktop sizes.
    /// </summary>
    [Fact]
    public async Task AnEditorsNewsImageIsPublishedWithItsDescriptionAndLoads()
    {
        var editor = await StaffAccounts.CreateAsync(portal.ConnectionString, Office, nameof(PortalRole.Editor), "Biên Tập Ảnh");
        var approver = await StaffAccounts.CreateAsync(portal.ConnectionString, Office, nameof(PortalRole.Approver), "Duyệt Ảnh");
        var title = $"Ngày hội đọc sách {Guid.NewGuid().ToString("N")[..6]}";
        const string alt = "Học sinh đọc sách dưới sân trường";

        var page = await portal.NewPageAsync(1280, 900);
        await StaffAccounts.SignInAsync(page, editor, $"/quan-tri/{Office}/noi-dung");
        await page.GetByRole(AriaRole.Link, new() { Name = "Tạo mới: Tin tức" }).ClickAsync();
        await page.GetByLabel("Tiêu đề").FillAsync(title);
        await page.GetByLabel("Chuyên mục").SelectOptionAsync("su-kien");
        await page.GetByLabel("Tóm tắt").FillAsync("Ngày hội đọc sách của các trường trong phường.");
        await page.GetByLabel("Nội dung", new() { Exact = true }).FillAsync("Các trường cùng tổ chức ngày hội đọc sách.");
        await page.GetByLabel("Ảnh minh hoạ").SetInputFilesAsync(new FilePayload { Name = "doc-sach.jpg", MimeType = "image/jpeg", Buffer = Photo(1800, 1200) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi duyệt" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Vui lòng nhập mô tả ảnh");

        await page.GetByLabel("Ảnh minh hoạ").SetInputFilesAsync(new FilePayload { Name = "doc-sach.jpg", MimeType = "image/jpeg", Buffer = Photo(1800, 1200) });
        await page.GetByLabel("Mô tả ảnh (văn bản thay thế)").FillAsync(alt);
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi duyệt" }).ClickAsync();
        await Assertions.Expect(page.Locator("#content-status")).ToHaveTextAsync("Chờ duyệt");
        await Assertions.Expect(page.Locator("#image-preview")).ToHaveAttributeAsync("alt", alt);
        var itemPath = new Uri(page.Url).AbsolutePath;

        var approverPage = await portal.NewPageAsync(1280, 900);
        await StaffAccounts.SignInAsync(approverPage, approver, itemPath);
        await Assertions.Expect(approverPage.Locator("#image-preview")).ToHaveAttributeAsync("alt", alt);
        await approverPage.GetByRole(AriaRole.Button, new() { Name = "Duyệt đăng" }).ClickAsync();
        // The click returns once the form is posted, not once it is answered: the approval (its publication timer) must be
        // stored before the due timers are fired.
        await Assertions.Expect(approverPage.Locator("#content-status")).ToHaveTextAsync("Chờ đăng");
        await portal.FireDueTimersAsync();
        await approverPage.ReloadAsync();
        await Assertions.Expect(approverPage.Locator("#content-status")).ToHaveTextAsync("Đã đăng");

        foreach (var width in new[] { 390, 1280 })
        {
            var visitor = await portal.NewPageAsync(width, 844);
            await visitor.GotoAsync($"/{Office}/tin-tuc");
            var thumbnail = visitor.Locator($"img.news-thumbnail[alt='{alt}']").First;
            await AssertLoadedAsync(thumbnail);
            await Axe.AssertNoViolationsAsync(visitor);

            await visitor.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
            var image = visitor.Locator("#news-image img");
            await Assertions.Expect(image).ToHaveAttributeAsync("alt", alt);
            await Assertions.Expect(image).ToHaveAttributeAsync("width", "1200");
            await Assertions.Expect(image).ToHaveAttributeAsync("height", "800");
            await AssertLoadedAsync(image);
            await Axe.AssertNoViolationsAsync(visitor);

            await visitor.GotoAsync($"/{Office}");
            await AssertLoadedAsync(visitor.Locator($"#latest-news img[alt='{alt}']"));
            await Axe.AssertNoViolationsAsync(visitor);
        }
    }

    [Fact]
    public async Task ADocumentIsFoundByItsNumberThroughTheFilter()
    {
        var number = $"{Random.Shared.Next(100, 999)}/QĐ-PGD";
        var title = await PublishDocumentAsync(number);
        var page = await portal.NewPageAsync(390, 844);
        await page.GotoAsync($"/{Office}/van-ban");
        await page.GetByLabel("Số/ký hiệu").FillAsync(number.ToLowerInvariant());
        await page.GetByRole(AriaRole.Button, new() { Name = "Lọc" }).ClickAsync();
        await Assertions.Expect(page.Locator("#documents").GetByRole(AriaRole.Link, new() { Name = title })).ToBeVisibleAsync();
        await page.GetByLabel("Số/ký hiệu").FillAsync("000/KHONG-CO");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lọc" }).ClickAsync();
        await Assertions.Expect(page.Locator("#documents")).ToHaveCountAsync(0);
    }

    public static TheoryData<string, int> Sizes() => new() { { "vi", 1280 }, { "vi", 390 }, { "en", 1280 }, { "en", 390 } };

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task ContentPagesIntroductionAndContactsHaveNoAccessibilityViolations(string lang, int width)
    {
        var documentTitle = await PublishDocumentAsync($"{Random.Shared.Next(100, 999)}/KH-PGD");
        var prefix = lang == "en" ? "/en" : "";
        var page = await portal.NewPageAsync(width, 844);
        foreach (var path in new[] { $"/{Office}/tin-tuc", $"/{Office}/van-ban", $"/{Office}/cong-khai", $"/{Office}/gioi-thieu", $"/{Office}/lien-he", $"/{School}", $"/{School}/cai-cach-hanh-chinh", $"/{School}/hoc-lieu" })
        {
            var response = await page.GotoAsync(prefix + path);
            Assert.Equal(200, response!.Status);
            Assert.Equal(lang, await page.Locator("html").GetAttributeAsync("lang"));
            await Axe.AssertNoViolationsAsync(page);
        }

        await page.GotoAsync($"{prefix}/{Office}/van-ban");
        await page.GetByRole(AriaRole.Link, new() { Name = documentTitle }).ClickAsync();
        await Assertions.Expect(page.Locator("#document-fields")).ToBeVisibleAsync();
        await Axe.AssertNoViolationsAsync(page);
    }

    /// <summary>The seeded yearbook's two charts are drawn by Chart.js on a visible canvas, beside tables of the same figures.</summary>
    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task TheYearbookChartRenders(string lang, int width)
    {
        var page = await portal.NewPageAsync(width, 844);
        var response = await page.GotoAsync($"{(lang == "en" ? "/en" : "")}/{School}/cong-khai");
        Assert.Equal(200, response!.Status);
        await page.Locator("#yearbook-link").ClickAsync();
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync(lang == "en" ? "Statistics yearbook" : "Niên giám thống kê");
        foreach (var id in new[] { "yearbook-schools", "yearbook-people" })
        {
            var canvas = page.Locator($"#{id} canvas");
            await Assertions.Expect(canvas).ToBeVisibleAsync();
            var drawn = await canvas.EvaluateAsync<double[]>(
                "c => { const chart = Chart.getChart(c); return chart ? [chart.data.labels.length, chart.data.datasets.length, c.width, c.height] : [0, 0, 0, 0]; }");
            Assert.Equal(5, drawn[0]);
            Assert.True(drawn[1] >= 2, $"{id}: {drawn[1]} series drawn");
            Assert.True(drawn[2] > 0 && drawn[3] > 0, $"{id}: canvas {drawn[2]}×{drawn[3]}");
            await Assertions.Expect(page.Locator($"#{id} table tbody tr")).ToHaveCountAsync(5);
        }

        await Axe.AssertNoViolationsAsync(page);
    }

    /// <summary>A published document, through the editorial workflow approved for now.</summary>
    private async Task<string> PublishDocumentAsync(string number)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Services.Data.PortalDbContext>();
        var office = db.Units.Single(u => u.Slug == Office);
        var editorial = scope.ServiceProvider.GetRequiredService<Editorial>();
        var title = $"Kế hoạch năm học {number}";
        var item = await editorial.CreateAsync(office.Id, ContentKind.Document, new ContentDraft("ke-hoach", title, "Kế hoạch của phòng.",
            "Nội dung kế hoạch.", null, number, "Phòng GD&ĐT Bình An", new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 5)),
            new Actor(Guid.NewGuid(), PortalRole.Editor, office.Id, null, "Biên tập"), CancellationToken.None);
        await editorial.SubmitAsync(item, new Actor(Guid.NewGuid(), PortalRole.Editor, office.Id, null, "Biên tập"), CancellationToken.None);
        await editorial.ApproveAsync(item, null, new Actor(Guid.NewGuid(), PortalRole.Approver, office.Id, null, "Duyệt"), CancellationToken.None);
        await portal.FireDueTimersAsync();
        return title;
    }

    /// <summary>The image is visible and its file was fetched and decoded by the browser.</summary>
    private static async Task AssertLoadedAsync(ILocator image)
    {
        await image.ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(image).ToBeVisibleAsync();
        await image.EvaluateAsync("i => i.decode()");
        Assert.True(await image.EvaluateAsync<int>("i => i.naturalWidth") > 0, "the image did not load");
    }

    /// <summary>A generated photo (a gradient) carrying a camera's EXIF block, as a JPEG.</summary>
    private static byte[] Photo(int width, int height)
    {
        using var image = new ImageMagick.MagickImage("gradient:#0d47a1-#bbdefb", new ImageMagick.MagickReadSettings { Width = (uint)width, Height = (uint)height });
        var exif = new ImageMagick.ExifProfile();
        exif.SetValue(ImageMagick.ExifTag.Make, "Máy ảnh thử");
        image.SetProfile(exif);
        image.Format = ImageMagick.MagickFormat.Jpeg;
        return image.ToByteArray();
    }

    private static DateTimeOffset VietnamTime(DateTimeOffset instant) => instant.ToOffset(TimeSpan.FromHours(7));
}
