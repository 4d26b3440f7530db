using Microsoft.Playwright;
using Services.Tests.E2e.Infrastructure;

namespace Services.Tests.E2e.Account;

[Collection(SharedPortal.Name)]
public sealed class AccountPageTests(PortalApp app) : BrowserTest(app)
{
    public static TheoryData<string, string, string, int, int> Pages()
    {
        var data = new TheoryData<string, string, string, int, int>();
        foreach (var (width, height) in new[] { (1280, 800), (390, 844) })
        {
            data.Add("/tai-khoan/dang-nhap", "vi", "Đăng nhập", width, height);
            data.Add("/en/tai-khoan/dang-nhap", "en", "Sign in", width, height);
            data.Add("/tai-khoan/dang-ky", "vi", "Đăng ký tài khoản", width, height);
            data.Add("/en/tai-khoan/dang-ky", "en", "Create an account", width, height);
            data.Add("/tai-khoan/quen-mat-khau", "vi", "Quên mật khẩu", width, height);
            data.Add("/en/tai-khoan/quen-mat-khau", "en", "Forgot your password", width, height);
            data.Add("/tai-khoan/khoa", "vi", "Tài khoản tạm thời bị khóa", width, height);
            data.Add("/en/tai-khoan/khoa", "en", "Account temporarily locked", width, height);
            data.Add("/tai-khoan/dang-xuat", "vi", "Đăng xuất", width, height);
            data.Add("/en/tai-khoan/dang-xuat", "en", "Sign out", width, height);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public Task AccountPageRendersInItsLanguageWithoutAccessibilityViolations(string path, string lang, string heading, int width, int height) =>
        WithPageAsync(async page =>
        {
            Assert.Equal(200, (await GoAsync(page, path)).Status);
            Assert.Equal(lang, await page.Locator("html").GetAttributeAsync("lang"));
            Assert.Equal(heading, (await page.Locator("main h1").InnerTextAsync()).Trim());
            await Axe.AssertNoViolationsAsync(page);
        }, width, height, $"{nameof(AccountPageRendersInItsLanguageWithoutAccessibilityViolations)}{path.Replace('/', '_')}");

    [Fact]
    public Task EmptySignInShowsErrorsLinkedToTheirFields() =>
        WithPageAsync(async page =>
        {
            await GoAsync(page, "/tai-khoan/dang-nhap");
            await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();

            var email = page.GetByLabel("Thư điện tử");
            await Assertions.Expect(email).ToHaveAttributeAsync("aria-invalid", "true");
            Assert.Equal("Vui lòng nhập địa chỉ thư điện tử.", await page.Locator($"#{await email.GetAttributeAsync("aria-describedby")}").InnerTextAsync());
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Vui lòng nhập mật khẩu.");
            await Axe.AssertNoViolationsAsync(page);
        });

    [Fact]
    public Task ForgotPasswordAnswersTheSameForUnknownAddresses() =>
        WithPageAsync(async page =>
        {
            async Task<string> AskAsync(string address)
            {
                await GoAsync(page, "/tai-khoan/quen-mat-khau");
                await page.GetByLabel("Thư điện tử").FillAsync(address);
                await page.GetByRole(AriaRole.Button, new() { Name = "Gửi đường dẫn" }).ClickAsync();
                return await page.GetByRole(AriaRole.Status).InnerTextAsync();
            }

            var known = await AskAsync("phuhuynh@demo.edu.vn");
            var unknown = await AskAsync($"khong.co.{Guid.NewGuid():N}@example.com");
            Assert.Equal(known, unknown);

            var body = await MailPickup.WaitForMessageToAsync(App.MailFolder, "phuhuynh@demo.edu.vn", "/tai-khoan/dat-lai-mat-khau");
            Assert.Contains("Nguyễn Thị Lan", body, StringComparison.Ordinal);
        });

    [Fact]
    public Task SignInIgnoresAReturnUrlToAnotherSite() =>
        WithPageAsync(async page =>
        {
            await GoAsync(page, "/tai-khoan/dang-nhap?returnUrl=https%3A%2F%2Fevil.example%2F");
            await StaffTwoFactorTests.SignInWithPasswordAsync(page, "phuhuynh@demo.edu.vn", "BachDang@2026");
            await page.WaitForURLAsync(App.BaseUrl.ToString());
            await Assertions.Expect(page.Locator("header")).ToContainTextAsync("Nguyễn Thị Lan");

            // Signing out is a POST with its antiforgery token, from the header's button.
            await page.GetByRole(AriaRole.Button, new() { Name = "Đăng xuất" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Đăng nhập" })).ToBeVisibleAsync();
        });

    [Fact]
    public Task SignInInEnglishStaysInEnglish() =>
        WithPageAsync(async page =>
        {
            await GoAsync(page, "/en/tai-khoan/dang-nhap");
            await page.GetByLabel("E-mail address").FillAsync("phuhuynh@demo.edu.vn");
            await page.GetByLabel("Password").FillAsync("Wrong-password-1");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Could not sign in. Please check the e-mail address and password");
            Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));

            await page.GetByLabel("Password").FillAsync("BachDang@2026");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await page.WaitForURLAsync(App.BaseUrl + "en/");
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        });

    [Fact]
    public Task PasswordResetLinkSetsANewPasswordOnce() =>
        WithPageAsync(async page =>
        {
            // An account no other test signs in with: its password changes here.
            const string email = "quantri.nbk@demo.edu.vn";
            const string newPassword = "MatKhauMoi2026";
            await GoAsync(page, "/tai-khoan/quen-mat-khau");
            await page.GetByLabel("Thư điện tử").FillAsync(email);
            await page.GetByRole(AriaRole.Button, new() { Name = "Gửi đường dẫn" }).ClickAsync();
            var body = await MailPickup.WaitForMessageToAsync(App.MailFolder, email, "/tai-khoan/dat-lai-mat-khau");
            var link = MailPickup.FirstLink(body, "/tai-khoan/dat-lai-mat-khau");

            async Task ResetAsync()
            {
                await GoAsync(page, link.PathAndQuery);
                await page.GetByLabel("Mật khẩu mới").FillAsync(newPassword);
                await page.GetByLabel("Nhập lại mật khẩu").FillAsync(newPassword);
                await page.GetByRole(AriaRole.Button, new() { Name = "Đặt lại mật khẩu" }).ClickAsync();
            }

            await ResetAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Mật khẩu đã được đặt lại");
            await Axe.AssertNoViolationsAsync(page);

            // The token is bound to the old security stamp: the same link does not work twice.
            await ResetAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("không hợp lệ hoặc đã hết hạn");

            await GoAsync(page, "/tai-khoan/dang-nhap");
            await StaffTwoFactorTests.SignInWithPasswordAsync(page, email, newPassword);
            await page.WaitForURLAsync("**/tai-khoan/xac-thuc-hai-buoc/thiet-lap?**");
        });
}
