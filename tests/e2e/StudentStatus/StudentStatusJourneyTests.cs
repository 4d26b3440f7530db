using Microsoft.Playwright;
using Services.Tests.E2e.Infrastructure;

namespace Services.Tests.E2e.StudentStatus;

/// <summary>
/// The second service end to end, on pages it does not own: the catalogue lists it, a parent applies on its one page,
/// the school's staff see it in their queue filtered by the service and issue the certificate with the decision the
/// workflow offers, and the parent downloads the certificate from the status page.
/// </summary>
[Collection(SharedPortal.Name)]
public sealed class StudentStatusJourneyTests(PortalApp app) : BrowserTest(app)
{
    private const string School = "th-le-loi";

    [Fact]
    public Task ParentAsksStaffIssueAndTheParentDownloadsTheCertificate() =>
        WithPageAsync(async page =>
        {
            await GoAsync(page, $"/{School}/dich-vu-cong");
            await page.GetByRole(AriaRole.Link, new() { Name = "Cấp giấy xác nhận học sinh" }).ClickAsync();
            await page.WaitForURLAsync($"**/{School}/dich-vu/giay-xac-nhan-hoc-sinh");
            await Axe.AssertNoViolationsAsync(page);

            await page.GetByLabel("Họ và tên người nộp").FillAsync("Phạm Văn Bình");
            await page.GetByLabel("Ngày sinh người nộp").FillAsync("1985-06-15");
            await page.GetByLabel("Số điện thoại").FillAsync("0912000111");
            await page.GetByLabel("Họ và tên học sinh").FillAsync("Phạm Gia Huy");
            await page.GetByLabel("Ngày sinh của học sinh").FillAsync("2017-09-02");
            await page.GetByLabel("Lớp").FillAsync("4B");
            await page.GetByLabel("Mục đích sử dụng giấy xác nhận").FillAsync("hồ sơ học bổng");
            await page.GetByRole(AriaRole.Button, new() { Name = "Nộp hồ sơ" }).ClickAsync();
            var code = (await page.Locator("#tracking-code").InnerTextAsync()).Trim();
            Assert.Matches("^HS-[0-9]{2}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$", code);
            await Axe.AssertNoViolationsAsync(page);
            var receipt = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Tải giấy biên nhận (PDF)" }).ClickAsync());
            Assert.Equal($"bien-nhan-{code}.pdf", receipt.SuggestedFilename);
            Assert.Equal("%PDF-"u8.ToArray(), (await File.ReadAllBytesAsync(await receipt.PathAsync()))[..5]);

            var staff = await NewPageAsync();
            var staffEmail = await StaffAccounts.CreateAsync(App, School, "Staff", "Đỗ Thị Cấp");
            await StaffAccounts.SignInAsync(staff, staffEmail, $"/can-bo/{School}?dich-vu=giay-xac-nhan-hoc-sinh");
            await staff.GetByRole(AriaRole.Link, new() { Name = code }).ClickAsync();
            await staff.WaitForURLAsync($"**/ho-so/{code}");
            await Assertions.Expect(staff.GetByText("Phạm Gia Huy")).ToBeVisibleAsync();
            await Axe.AssertNoViolationsAsync(staff);
            await staff.GetByRole(AriaRole.Button, new() { Name = "Cấp giấy xác nhận" }).ClickAsync();
            await Assertions.Expect(staff.GetByRole(AriaRole.Heading, new() { Name = "Tình trạng: Đã cấp giấy xác nhận" })).ToBeVisibleAsync();

            await GoAsync(page, "/tra-cuu-ho-so");
            await page.GetByLabel("Mã hồ sơ").FillAsync(code);
            await page.GetByLabel("Ngày sinh người nộp").FillAsync("1985-06-15");
            await page.GetByRole(AriaRole.Button, new() { Name = "Tra cứu" }).ClickAsync();
            await Assertions.Expect(page.Locator("#dossier-status")).ToHaveTextAsync("Đã cấp giấy xác nhận");
            await Axe.AssertNoViolationsAsync(page);
            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Tải giấy xác nhận (PDF)" }).ClickAsync());
            Assert.Equal($"giay-xac-nhan-{code}.pdf", download.SuggestedFilename);
            Assert.Equal("%PDF-"u8.ToArray(), (await File.ReadAllBytesAsync(await download.PathAsync()))[..5]);
        });
}
