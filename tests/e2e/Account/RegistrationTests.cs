using Microsoft.Playwright;
using Services.Tests.E2e.Infrastructure;

namespace Services.Tests.E2e.Account;

[Collection(SharedPortal.Name)]
public sealed class RegistrationTests(PortalApp app) : BrowserTest(app)
{
    [Fact]
    public Task RegistrationMailsALinkThatConfirmsTheAccount() =>
        WithPageAsync(async page =>
        {
            var email = $"phuhuynh.{Guid.NewGuid():N}"[..22] + "@example.com";
            const string password = "MatKhauDai2026";
            const string fullName = "Trần Thị Bích Ngọc";

            await GoAsync(page, "/tai-khoan/dang-ky");
            await page.GetByLabel("Họ và tên").FillAsync(fullName);
            await page.GetByLabel("Thư điện tử").FillAsync(email);
            await page.GetByLabel("Mật khẩu mới").FillAsync(password);
            await page.GetByLabel("Nhập lại mật khẩu").FillAsync(password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Đăng ký" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"đã gửi thư xác nhận tới {email}");

            // Not confirmed yet: the password alone does not open the account.
            await GoAsync(page, "/tai-khoan/dang-nhap");
            await StaffTwoFactorTests.SignInWithPasswordAsync(page, email, password);
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("chưa được xác nhận");

            var body = await MailPickup.WaitForMessageToAsync(App.MailFolder, email, "/tai-khoan/xac-nhan-email");
            Assert.Contains(fullName, body, StringComparison.Ordinal);
            var link = MailPickup.FirstLink(body, "/tai-khoan/xac-nhan-email");
            Assert.Equal(App.BaseUrl.Authority, link.Authority);

            var confirmed = await GoAsync(page, link.PathAndQuery);
            Assert.Equal(200, confirmed.Status);
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("đã được xác nhận");

            await GoAsync(page, "/tai-khoan/dang-nhap");
            await StaffTwoFactorTests.SignInWithPasswordAsync(page, email, password);
            await page.WaitForURLAsync(App.BaseUrl.ToString());
            await Assertions.Expect(page.Locator("header")).ToContainTextAsync(fullName);
        });

    [Fact]
    public Task RegisteringAnExistingAddressAnswersAlikeAndTellsTheOwner() =>
        WithPageAsync(async page =>
        {
            const string email = "chuyenvien.binhan@demo.edu.vn";
            await GoAsync(page, "/tai-khoan/dang-ky");
            await page.GetByLabel("Họ và tên").FillAsync("Người Khác");
            await page.GetByLabel("Thư điện tử").FillAsync(email);
            await page.GetByLabel("Mật khẩu mới").FillAsync("MatKhauDai2026");
            await page.GetByLabel("Nhập lại mật khẩu").FillAsync("MatKhauDai2026");
            await page.GetByRole(AriaRole.Button, new() { Name = "Đăng ký" }).ClickAsync();

            // The visitor learns nothing about whether the address has an account; its owner gets a notice.
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"đã gửi thư xác nhận tới {email}");
            var body = await MailPickup.WaitForMessageToAsync(App.MailFolder, email, "đã có tài khoản");
            MailPickup.FirstLink(body, "/tai-khoan/quen-mat-khau");
        });

    [Fact]
    public Task RegistrationRejectsAWeakPasswordInVietnamese() =>
        WithPageAsync(async page =>
        {
            await GoAsync(page, "/tai-khoan/dang-ky");
            await page.GetByLabel("Họ và tên").FillAsync("Lê Văn An");
            await page.GetByLabel("Thư điện tử").FillAsync($"yeu.{Guid.NewGuid():N}"[..16] + "@example.com");
            await page.GetByLabel("Mật khẩu mới").FillAsync("abc");
            await page.GetByLabel("Nhập lại mật khẩu").FillAsync("abc");
            await page.GetByRole(AriaRole.Button, new() { Name = "Đăng ký" }).ClickAsync();

            var field = page.GetByLabel("Mật khẩu mới");
            await Assertions.Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Mật khẩu phải có ít nhất 12 ký tự.");
            await Axe.AssertNoViolationsAsync(page);
        });

    [Fact]
    public Task ScriptTypedIntoTheNameIsShownAsTextNeverRun() =>
        WithPageAsync(async page =>
        {
            const string script = "<script>window.injected=1</script>";
            await GoAsync(page, "/tai-khoan/dang-ky");
            await page.GetByLabel("Họ và tên").FillAsync(script);
            await page.GetByRole(AriaRole.Button, new() { Name = "Đăng ký" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
            Assert.Equal(script, await page.GetByLabel("Họ và tên").InputValueAsync());
            Assert.Equal(0, await page.Locator("main script").CountAsync());
        });
}
