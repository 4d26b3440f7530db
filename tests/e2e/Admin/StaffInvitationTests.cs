using Microsoft.Playwright;
using Services.Tests.E2e.Infrastructure;

namespace Services.Tests.E2e.Admin;

/// <summary>
/// A school's admin brings a new clerk in without anyone else: the invitation from the unit's staff page, the clerk's
/// own password from the e-mailed link, the second factor at first sign-in, and the desk of that school only.
/// </summary>
[Collection(SharedPortal.Name)]
public sealed class StaffInvitationTests(PortalApp app) : BrowserTest(app)
{
    private const string School = "th-le-loi";

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1280, 800)]
    public Task AnInvitedClerkSetsAPasswordAndTwoFactorAndLandsOnTheSchoolsDesk(int width, int height) =>
        WithPageAsync(async page =>
        {
            var admin = await StaffAccounts.CreateAsync(App, School, "UnitAdmin", "Huỳnh Thị Quản Trị");
            await StaffAccounts.SignInAsync(page, admin, $"/quan-tri/{School}/can-bo");
            await Assertions.Expect(page.Locator("main h1")).ToContainTextAsync("Cán bộ của đơn vị");
            await Axe.AssertNoViolationsAsync(page);

            var clerk = $"canbo-moi-{Guid.NewGuid():N}"[..20] + "@example.vn";
            await page.GetByLabel("Họ và tên").FillAsync("Phan Văn Mới");
            await page.GetByLabel("Thư điện tử").FillAsync(clerk);
            await page.GetByLabel("Vai trò").SelectOptionAsync(new SelectOptionValue { Label = "Cán bộ tiếp nhận, xử lý hồ sơ" });
            await page.GetByRole(AriaRole.Button, new() { Name = "Gửi thư mời" }).ClickAsync();
            await Assertions.Expect(page.GetByText($"Đã tạo tài khoản Phan Văn Mới và gửi thư mời đến {clerk}.")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("main tr", new() { HasText = clerk })).ToBeVisibleAsync();
            await Axe.AssertNoViolationsAsync(page);

            // The clerk, on another device, has only the e-mail.
            var mail = await MailPickup.WaitForMessageToAsync(App.MailFolder, clerk, "Phan Văn Mới", TimeSpan.FromSeconds(30));
            var link = MailPickup.FirstLink(mail, "/tai-khoan/dat-lai-mat-khau");
            var newcomer = await NewPageAsync();
            await newcomer.SetViewportSizeAsync(width, height);
            Assert.Equal(200, (await GoAsync(newcomer, link.PathAndQuery)).Status);
            await Axe.AssertNoViolationsAsync(newcomer);
            const string password = "Lop3A2-TruongLeLoi!";
            await newcomer.GetByLabel("Mật khẩu mới").FillAsync(password);
            await newcomer.GetByLabel("Nhập lại mật khẩu").FillAsync(password);
            await newcomer.GetByRole(AriaRole.Button, new() { Name = "Đặt lại mật khẩu" }).ClickAsync();
            await Assertions.Expect(newcomer.GetByRole(AriaRole.Status)).ToContainTextAsync("Mật khẩu đã được đặt lại");

            // First sign-in: the second factor is set up before any staff page opens, then the school's desk.
            await GoAsync(newcomer, "/tai-khoan/dang-nhap?returnUrl=%2Fcan-bo");
            await newcomer.GetByLabel("Thư điện tử").FillAsync(clerk);
            await newcomer.GetByLabel("Mật khẩu").FillAsync(password);
            await newcomer.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
            await newcomer.WaitForURLAsync("**/tai-khoan/xac-thuc-hai-buoc/thiet-lap**");
            var key = await newcomer.Locator("#authenticator-key").InnerTextAsync();
            await newcomer.GetByLabel("Mã xác thực gồm 6 chữ số").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow));
            await newcomer.GetByRole(AriaRole.Button, new() { Name = "Bật xác thực hai bước" }).ClickAsync();
            await newcomer.Locator("#continue").ClickAsync();
            await newcomer.WaitForURLAsync($"**/can-bo/{School}"); // one unit: straight to its desk
            Assert.StartsWith("Bàn làm việc một cửa", (await newcomer.Locator("main h1").InnerTextAsync()).Trim(), StringComparison.Ordinal);
            Assert.Equal(403, (await GoAsync(newcomer, "/can-bo/th-nguyen-binh-khiem")).Status);
            Assert.Equal(403, (await GoAsync(newcomer, $"/quan-tri/{School}/can-bo")).Status); // a clerk is not an admin
        }, width, height, $"{nameof(AnInvitedClerkSetsAPasswordAndTwoFactorAndLandsOnTheSchoolsDesk)}_{width}");
}
