using Microsoft.Playwright;
using Services.Tests.E2e.Infrastructure;

namespace Services.Tests.E2e.Dossiers;

/// <summary>
/// "Lưu bản nháp" keeps the work: a parent saves on the second page, gets the resume link by e-mail, opens it in another
/// browser and lands on that same page with the answers filled in, then finishes and submits.
/// </summary>
[Collection(SharedPortal.Name)]
public sealed class DraftResumeTests(PortalApp app) : BrowserTest(app)
{
    private const string Form = "/th-nguyen-binh-khiem/dich-vu/xin-nghi-hoc";

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1366, 900)]
    public Task ParentSavesOnStepTwoAndResumesFromTheMailedLink(int width, int height) =>
        WithPageAsync(async page =>
        {
            var email = $"phu-huynh-{Guid.NewGuid():N}@example.vn";
            await GoAsync(page, Form);
            await page.GetByRole(AriaRole.Button, new() { Name = "Bắt đầu" }).ClickAsync();
            await page.WaitForURLAsync("**/buoc/1");
            await page.GetByLabel("Họ và tên người nộp").FillAsync("Phạm Thu Hà");
            await page.GetByLabel("Ngày sinh người nộp").FillAsync("1986-02-03");
            await page.GetByLabel("Số điện thoại").FillAsync("0912 345 678");
            await page.GetByLabel("Thư điện tử").FillAsync(email);
            await page.GetByRole(AriaRole.Button, new() { Name = "Tiếp tục" }).ClickAsync();
            await page.WaitForURLAsync("**/buoc/2");

            await page.GetByLabel("Họ và tên học sinh").FillAsync("Lê Gia Bảo");
            await page.GetByLabel("Lớp").FillAsync("4B1");
            await page.GetByRole(AriaRole.Button, new() { Name = "Lưu bản nháp" }).ClickAsync();

            // The parent stays on the page they were on, told where the link went.
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"đã được gửi tới {email}");
            Assert.Contains("/buoc/2", page.Url, StringComparison.Ordinal);
            await Assertions.Expect(page.GetByLabel("Họ và tên học sinh")).ToHaveValueAsync("Lê Gia Bảo");
            await Axe.AssertNoViolationsAsync(page);

            var mail = await MailPickup.WaitForMessageToAsync(App.MailFolder, email, "bản nháp", TimeSpan.FromSeconds(30));
            var link = MailPickup.FirstLink(mail, "ban-nhap=");

            // Another device: no cookies of the first one, only the link.
            var later = await NewPageAsync();
            var response = await GoAsync(later, link.PathAndQuery);
            Assert.Equal(200, response.Status);
            // The link's token is exchanged for a cookie: the page's address no longer carries it.
            Assert.EndsWith("/buoc/2", later.Url, StringComparison.Ordinal);
            await Assertions.Expect(later.GetByLabel("Họ và tên học sinh")).ToHaveValueAsync("Lê Gia Bảo");
            await Assertions.Expect(later.GetByLabel("Lớp")).ToHaveValueAsync("4B1");
            // The page is headed by its name, not only its number.
            await Assertions.Expect(later.GetByRole(AriaRole.Heading, new() { Name = "Thông tin học sinh" })).ToBeVisibleAsync();
            await Axe.AssertNoViolationsAsync(later);

            await later.GetByRole(AriaRole.Button, new() { Name = "Tiếp tục" }).ClickAsync();
            await later.WaitForURLAsync("**/buoc/3");
            await later.GetByLabel("Nghỉ từ ngày").FillAsync("2026-12-01");
            await later.GetByLabel("Đến hết ngày").FillAsync("2026-12-02");
            await later.GetByLabel("Lý do xin nghỉ").FillAsync("Gia đình có việc riêng.");
            await later.GetByRole(AriaRole.Button, new() { Name = "Tiếp tục" }).ClickAsync();
            await later.WaitForURLAsync("**/buoc/4");
            await later.GetByLabel("Tôi cam đoan những thông tin trên là đúng sự thật.").CheckAsync();
            await later.GetByRole(AriaRole.Button, new() { Name = "Tiếp tục" }).ClickAsync();
            await later.WaitForURLAsync("**/kiem-tra");
            await Assertions.Expect(later.GetByText("Phạm Thu Hà")).ToBeVisibleAsync();
            await later.GetByRole(AriaRole.Button, new() { Name = "Nộp hồ sơ" }).ClickAsync();
            await later.WaitForURLAsync("**/da-nop");
            await Assertions.Expect(later.Locator("#tracking-code")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^\\s*HS-"));

            // The receipt lists what was received (the application and its files), not every answer, on one page.
            var download = await later.RunAndWaitForDownloadAsync(() => later.GetByRole(AriaRole.Link, new() { Name = "Tải giấy biên nhận (PDF)" }).ClickAsync());
            var receipt = await PdfTools.TextAsync(await download.PathAsync());
            Assert.Contains("Đơn xin nghỉ học (nộp trực tuyến)", receipt, StringComparison.Ordinal);
            Assert.DoesNotContain("4B1", receipt, StringComparison.Ordinal);
            Assert.DoesNotContain("Gia đình có việc riêng.", receipt, StringComparison.Ordinal);
            Assert.Contains("Trang 1/1", receipt, StringComparison.Ordinal);
            await PdfTools.AssertQpdfCleanAsync(await download.PathAsync());
        }, width, height, $"{nameof(ParentSavesOnStepTwoAndResumesFromTheMailedLink)}_{width}");

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1366, 900)]
    public Task AFailedStepPutsTheFocusOnAReadableErrorSummary(int width, int height) =>
        WithPageAsync(async page =>
        {
            await GoAsync(page, Form);
            await page.GetByRole(AriaRole.Button, new() { Name = "Bắt đầu" }).ClickAsync();
            await page.WaitForURLAsync("**/buoc/1");
            await page.GetByLabel("Số điện thoại").FillAsync("abc");
            await page.GetByRole(AriaRole.Button, new() { Name = "Tiếp tục" }).ClickAsync();

            var summary = page.Locator("#error-summary");
            await Assertions.Expect(summary).ToContainTextAsync("Số điện thoại chưa đúng");
            await Assertions.Expect(summary).ToBeFocusedAsync();
            Assert.Equal("tel", await page.GetByLabel("Số điện thoại").GetAttributeAsync("type"));
            Assert.Equal("email", await page.GetByLabel("Thư điện tử").GetAttributeAsync("type"));
            await Axe.AssertNoViolationsAsync(page); // the summary's links included (colour contrast)
        }, width, height, $"{nameof(AFailedStepPutsTheFocusOnAReadableErrorSummary)}_{width}");

    [Fact]
    public Task AJourneyPageWithoutItsDraftSaysSoOnTheStartPage() =>
        WithPageAsync(async page =>
        {
            await GoAsync(page, $"{Form}/buoc/2");
            Assert.EndsWith($"{Form}?het-han=1", page.Url, StringComparison.Ordinal);
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Không tìm thấy bản nháp");
            await Axe.AssertNoViolationsAsync(page);
        }, 390, 844);
}
