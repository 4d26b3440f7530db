using Microsoft.Playwright;
using Services.Tests.E2e.Infrastructure;

namespace Services.Tests.E2e.Portal;

[Collection(SharedPortal.Name)]
public sealed class HomePageTests(PortalApp app) : BrowserTest(app)
{
    private static readonly string[] VietnameseNav =
        ["Giới thiệu", "Tin tức", "Văn bản", "Thủ tục - Biểu mẫu", "Dịch vụ công", "Lấy ý kiến", "Công khai", "Liên hệ"];

    private static readonly string[] EnglishNav =
        ["About us", "News", "Documents", "Procedures and forms", "Online services", "Public consultations", "Public disclosures", "Contact"];

    public static TheoryData<string, string, string, int, int> Pages()
    {
        var data = new TheoryData<string, string, string, int, int>();
        foreach (var (width, height) in new[] { (1280, 800), (390, 844) })
        {
            data.Add("/", "vi", "Sở Giáo dục và Đào tạo thành phố Bạch Đằng", width, height);
            data.Add("/en", "en", "Bach Dang City Department of Education and Training", width, height);
            data.Add("/th-nguyen-binh-khiem", "vi", "Trường Tiểu học Nguyễn Bỉnh Khiêm", width, height);
            data.Add("/en/th-nguyen-binh-khiem", "en", "Nguyen Binh Khiem Primary School", width, height);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public Task UnitHomePageRendersInItsLanguageWithoutAccessibilityViolations(string path, string lang, string unitName, int width, int height) =>
        WithPageAsync(async page =>
        {
            var response = await GoAsync(page, path);
            Assert.Equal(200, response.Status);
            Assert.Equal(lang, await page.Locator("html").GetAttributeAsync("lang"));
            Assert.Equal(unitName, (await page.Locator("main h1").InnerTextAsync()).Trim());
            Assert.Contains(unitName, await page.Locator("footer").InnerTextAsync(), StringComparison.Ordinal);

            var nav = page.Locator("nav.portal-nav a.nav-link");
            var labels = (await nav.AllTextContentsAsync()).Select(l => l.Trim()).ToArray();
            Assert.Equal(lang == "vi" ? VietnameseNav : EnglishNav, labels);

            if (width < 992)
            {
                // On a phone the sections sit behind the menu button, which must open them.
                Assert.False(await nav.First.IsVisibleAsync());
                await page.Locator("button.navbar-toggler").ClickAsync();
                await Assertions.Expect(nav.First).ToBeVisibleAsync();
            }
            else
            {
                Assert.True(await nav.First.IsVisibleAsync());
            }

            await Axe.AssertNoViolationsAsync(page);
        }, width, height, $"{nameof(UnitHomePageRendersInItsLanguageWithoutAccessibilityViolations)}{path.Replace('/', '_')}");

    [Fact]
    public Task UnknownUnitIsA404WithTheVietnamesePage() =>
        WithPageAsync(async page =>
        {
            var response = await GoAsync(page, "/khong-co-don-vi-nay");
            Assert.Equal(404, response.Status);
            Assert.Equal("vi", await page.Locator("html").GetAttributeAsync("lang"));
            Assert.Equal("Không tìm thấy trang", (await page.Locator("main h1").InnerTextAsync()).Trim());
            await Axe.AssertNoViolationsAsync(page);
        });
}
