using Microsoft.Playwright;
using Services.Tests.E2e.Infrastructure;

namespace Services.Tests.E2e.Audit;

/// <summary>
/// A1 for the audit console, on a phone and a desktop, in Vietnamese and English: a parent applies through the real
/// form, the department's auditor signs in (with the second factor), reaches the search from the navigation, finds the
/// dossier by its code and opens its verified history with the workflow drawn; no axe-core violations on either page.
/// </summary>
[Collection(SharedPortal.Name)]
public sealed class AuditConsoleTests(PortalApp app) : BrowserTest(app)
{
    private const string School = "th-nguyen-binh-khiem";

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1280, 800)]
    public Task TheDepartmentsAuditorFindsADossierAndSeesItsVerifiedHistory(int width, int height) =>
        WithPageAsync(async page =>
        {
            var code = await ApplyAsync(page);

            var auditorPage = await NewPageAsync();
            var auditor = await StaffAccounts.CreateAsync(App, "so-gd-dt", "Auditor", "Thanh tra Tra Cứu");
            await StaffAccounts.SignInAsync(auditorPage, auditor, "/can-bo");
            if (width < 992)
            {
                await auditorPage.GetByRole(AriaRole.Button, new() { Name = "Danh mục" }).ClickAsync();
            }

            await auditorPage.Locator("#nav-audit-search-so-gd-dt").ClickAsync();
            await auditorPage.WaitForURLAsync("**/kiem-tra/so-gd-dt/ho-so");
            await NoSidewaysScrollAsync(auditorPage);
            await Axe.AssertNoViolationsAsync(auditorPage);

            await auditorPage.GetByLabel("Mã hồ sơ").FillAsync(code);
            await auditorPage.GetByRole(AriaRole.Button, new() { Name = "Tìm", Exact = true }).ClickAsync();
            await Assertions.Expect(auditorPage.Locator("#results-heading")).ToHaveTextAsync("Tìm thấy 1 kết quả");
            await Axe.AssertNoViolationsAsync(auditorPage);
            await auditorPage.GetByRole(AriaRole.Link, new() { Name = code }).ClickAsync();
            await auditorPage.WaitForURLAsync("**/kiem-tra/so-gd-dt/ho-so/*");

            await Assertions.Expect(auditorPage.Locator("#chain-verdict")).ToContainTextAsync("Chuỗi nguyên vẹn: 1 bản ghi");
            await Assertions.Expect(auditorPage.Locator("#workflow-svg")).ToBeVisibleAsync();
            await Assertions.Expect(auditorPage.Locator("#timeline > li")).ToHaveCountAsync(1);
            await Assertions.Expect(auditorPage.Locator("#sla > li")).ToHaveCountAsync(1);
            await NoSidewaysScrollAsync(auditorPage);
            await Axe.AssertNoViolationsAsync(auditorPage);
            var history0 = new Uri(auditorPage.Url).PathAndQuery;

            var download = await auditorPage.RunAndWaitForDownloadAsync(() => auditorPage.Locator("#export-pdf").ClickAsync());
            Assert.Equal($"lich-su-{code}.pdf", download.SuggestedFilename);
            Assert.Equal("%PDF-", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(await download.PathAsync())[..5]));

            // The reports: processing-time statistics (this dossier's open step is in them) and who did what.
            await GoAsync(auditorPage, "/kiem-tra/so-gd-dt");
            await auditorPage.Locator("#audit-sla-link").ClickAsync();
            await auditorPage.WaitForURLAsync("**/kiem-tra/so-gd-dt/thong-ke");
            await Assertions.Expect(auditorPage.Locator("#sla-chart")).ToBeVisibleAsync();
            await Assertions.Expect(auditorPage.Locator("#sla-table")).ToContainTextAsync("Xin nghỉ học");
            await NoSidewaysScrollAsync(auditorPage);
            await Axe.AssertNoViolationsAsync(auditorPage);
            await GoAsync(auditorPage, "/kiem-tra/so-gd-dt");
            await auditorPage.Locator("#audit-people-link").ClickAsync();
            await auditorPage.WaitForURLAsync("**/kiem-tra/so-gd-dt/nguoi-thuc-hien");
            await Assertions.Expect(auditorPage.GetByLabel("Cán bộ")).ToBeVisibleAsync();
            await NoSidewaysScrollAsync(auditorPage);
            await Axe.AssertNoViolationsAsync(auditorPage);
            await GoAsync(auditorPage, "/en/kiem-tra/so-gd-dt/thong-ke");
            await Assertions.Expect(auditorPage.Locator("#sla-chart")).ToBeVisibleAsync();
            await NoSidewaysScrollAsync(auditorPage);
            await Axe.AssertNoViolationsAsync(auditorPage);
            await GoAsync(auditorPage, history0);

            var history = new Uri(auditorPage.Url).PathAndQuery;
            await GoAsync(auditorPage, "/en" + history);
            await Assertions.Expect(auditorPage.Locator("#chain-verdict")).ToContainTextAsync("The chain is intact: 1 entries");
            Assert.Equal("en", await auditorPage.Locator("html").GetAttributeAsync("lang"));
            await NoSidewaysScrollAsync(auditorPage);
            await Axe.AssertNoViolationsAsync(auditorPage);

            await GoAsync(auditorPage, $"/en/kiem-tra/so-gd-dt/ho-so?ma={code}");
            await Assertions.Expect(auditorPage.Locator("#results-heading")).ToHaveTextAsync("1 found");
            await NoSidewaysScrollAsync(auditorPage);
            await Axe.AssertNoViolationsAsync(auditorPage);
        }, width, height, $"{nameof(TheDepartmentsAuditorFindsADossierAndSeesItsVerifiedHistory)}_{width}");

    /// <summary>An anonymous parent applies for leave through the school's form; returns the tracking code.</summary>
    private static async Task<string> ApplyAsync(IPage page)
    {
        await GoAsync(page, $"/{School}/dich-vu/xin-nghi-hoc");
        await page.GetByRole(AriaRole.Button, new() { Name = "Bắt đầu" }).ClickAsync();
        await page.WaitForURLAsync("**/buoc/1");
        await page.GetByLabel("Họ và tên người nộp").FillAsync("Phạm Thị Kiểm");
        await page.GetByLabel("Ngày sinh người nộp").FillAsync("1985-02-03");
        await page.GetByLabel("Số điện thoại").FillAsync("0903555111");
        await ContinueAsync(page);
        await page.GetByLabel("Họ và tên học sinh").FillAsync("Phạm Minh An");
        await page.GetByLabel("Lớp").FillAsync("2A1");
        await ContinueAsync(page);
        await page.GetByLabel("Nghỉ từ ngày").FillAsync("2026-11-23");
        await page.GetByLabel("Đến hết ngày").FillAsync("2026-11-24");
        await page.GetByLabel("Lý do xin nghỉ").FillAsync("Gia đình có việc riêng.");
        await ContinueAsync(page);
        await page.GetByLabel("Tôi cam đoan những thông tin trên là đúng sự thật.").CheckAsync();
        await ContinueAsync(page);
        await page.WaitForURLAsync("**/kiem-tra");
        await page.GetByRole(AriaRole.Button, new() { Name = "Nộp hồ sơ" }).ClickAsync();
        await page.WaitForURLAsync("**/da-nop");
        return (await page.Locator("#tracking-code").InnerTextAsync()).Trim();
    }

    private static async Task ContinueAsync(IPage page)
    {
        var before = page.Url;
        await page.GetByRole(AriaRole.Button, new() { Name = "Tiếp tục" }).ClickAsync();
        await page.WaitForURLAsync(url => url != before);
    }

    private static async Task NoSidewaysScrollAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
            $"{page.Url} scrolls sideways");
}
