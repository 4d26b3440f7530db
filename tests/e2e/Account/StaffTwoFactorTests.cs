using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Services.Tests.E2e.Infrastructure;

namespace Services.Tests.E2e.Account;

[Collection(SharedPortal.Name)]
public sealed partial class StaffTwoFactorTests(PortalApp app) : BrowserTest(app)
{
    private const string StaffEmail = "canbo.nbk@demo.edu.vn";
    private const string Password = "BachDang@2026";

    [Fact]
    public Task StaffSetsUpTwoFactorAtFirstSignInAndIsConfinedToTheirOwnSchool() =>
        WithPageAsync(async page =>
        {
            // The staff page asks for sign-in, and the first password sign-in leads straight to two-factor set-up.
            await GoAsync(page, "/can-bo/th-nguyen-binh-khiem");
            Assert.Equal("/tai-khoan/dang-nhap", new Uri(page.Url).AbsolutePath);
            await SignInWithPasswordAsync(page, StaffEmail, Password);
            await page.WaitForURLAsync(SetupUrl());
            Assert.Contains("returnUrl=%2Fcan-bo%2Fth-nguyen-binh-khiem", page.Url, StringComparison.Ordinal);
            Assert.StartsWith("data:image/png;base64,", await page.Locator("main img").GetAttributeAsync("src"), StringComparison.Ordinal);
            await Axe.AssertNoViolationsAsync(page);

            var key = await page.Locator("#authenticator-key").InnerTextAsync();
            Assert.Matches("^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$", key.Trim());

            // Until the code is entered the second factor is missing: the staff page sends the user back to set-up.
            await GoAsync(page, "/can-bo/th-nguyen-binh-khiem");
            Assert.Equal("/tai-khoan/xac-thuc-hai-buoc/thiet-lap", new Uri(page.Url).AbsolutePath);
            Assert.Equal(key, await page.Locator("#authenticator-key").InnerTextAsync());

            await page.GetByLabel("Mã xác thực gồm 6 chữ số").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow));
            await page.GetByRole(AriaRole.Button, new() { Name = "Bật xác thực hai bước" }).ClickAsync();
            await Assertions.Expect(page.Locator("#recovery-codes li")).ToHaveCountAsync(10);
            await Axe.AssertNoViolationsAsync(page);

            await page.Locator("#continue").ClickAsync();
            await page.WaitForURLAsync("**/can-bo/th-nguyen-binh-khiem");
            Assert.StartsWith("Bàn làm việc một cửa", (await page.Locator("main h1").InnerTextAsync()).Trim(), StringComparison.Ordinal);

            Assert.Equal(200, (await GoAsync(page, "/can-bo/th-nguyen-binh-khiem")).Status);
            var otherSchool = await GoAsync(page, "/can-bo/th-le-loi");
            Assert.Equal(403, otherSchool.Status);
            Assert.Equal("Không có quyền truy cập", (await page.Locator("main h1").InnerTextAsync()).Trim());

            // From now on a password alone is not enough: the next sign-in asks for the code.
            var again = await NewPageAsync();
            await GoAsync(again, "/tai-khoan/dang-nhap?returnUrl=%2Fcan-bo%2Fth-nguyen-binh-khiem");
            await SignInWithPasswordAsync(again, StaffEmail, Password);
            await again.WaitForURLAsync(TwoFactorUrl());
            // The set-up code was used once and cannot be used again; the next step's code is accepted (one step either side).
            await again.GetByLabel("Mã xác thực gồm 6 chữ số").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow.AddSeconds(30)));
            await again.GetByRole(AriaRole.Button, new() { Name = "Xác nhận" }).ClickAsync();
            await again.WaitForURLAsync("**/can-bo/th-nguyen-binh-khiem");
            Assert.Equal(403, (await GoAsync(again, "/can-bo/th-le-loi")).Status);
        });

    [Fact]
    public Task WrongTwoFactorCodeIsRefusedWithAMessageOnItsField() =>
        WithPageAsync(async page =>
        {
            await GoAsync(page, "/tai-khoan/dang-nhap");
            await SignInWithPasswordAsync(page, "canbo.leloi@demo.edu.vn", Password);
            await page.WaitForURLAsync(SetupUrl());
            await page.GetByLabel("Mã xác thực gồm 6 chữ số").FillAsync("000000");
            await page.GetByRole(AriaRole.Button, new() { Name = "Bật xác thực hai bước" }).ClickAsync();

            var field = page.GetByLabel("Mã xác thực gồm 6 chữ số");
            await Assertions.Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
            var describedBy = await field.GetAttributeAsync("aria-describedby");
            Assert.NotNull(describedBy);
            Assert.Contains("Mã xác thực không đúng", await page.Locator($"#{describedBy}").InnerTextAsync(), StringComparison.Ordinal);

            // The wrong code switched nothing on: the staff page still sends the user to set-up.
            await GoAsync(page, "/can-bo/th-le-loi");
            Assert.Equal("/tai-khoan/xac-thuc-hai-buoc/thiet-lap", new Uri(page.Url).AbsolutePath);
        });

    [Fact]
    public Task RecoveryCodeSignsInOnceWithoutThePhone() =>
        WithPageAsync(async page =>
        {
            const string email = "chuyenvien.binhan@demo.edu.vn";
            await GoAsync(page, "/tai-khoan/dang-nhap");
            await SignInWithPasswordAsync(page, email, Password);
            await page.WaitForURLAsync(SetupUrl());
            var key = await page.Locator("#authenticator-key").InnerTextAsync();
            await page.GetByLabel("Mã xác thực gồm 6 chữ số").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow));
            await page.GetByRole(AriaRole.Button, new() { Name = "Bật xác thực hai bước" }).ClickAsync();
            var codes = await page.Locator("#recovery-codes li").AllInnerTextsAsync();
            Assert.Equal(10, codes.Count);
            Assert.Equal(10, codes.Distinct().Count());

            async Task UseRecoveryCodeAsync(IPage p, string code)
            {
                await GoAsync(p, "/tai-khoan/dang-nhap?returnUrl=%2Fcan-bo%2Fphong-gd-binh-an");
                await SignInWithPasswordAsync(p, email, Password);
                await p.WaitForURLAsync(TwoFactorUrl());
                await p.GetByText("Không dùng được điện thoại?").ClickAsync();
                await p.GetByLabel("Mã khôi phục").FillAsync(code);
                await p.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập bằng mã khôi phục" }).ClickAsync();
            }

            var first = await NewPageAsync();
            await UseRecoveryCodeAsync(first, codes[0].Trim());
            await first.WaitForURLAsync("**/can-bo/phong-gd-binh-an");
            Assert.StartsWith("Bàn làm việc một cửa", (await first.Locator("main h1").InnerTextAsync()).Trim(), StringComparison.Ordinal);

            var second = await NewPageAsync();
            await UseRecoveryCodeAsync(second, codes[0].Trim());
            await Assertions.Expect(second.GetByLabel("Mã khôi phục")).ToHaveAttributeAsync("aria-invalid", "true");
            await Assertions.Expect(second.GetByText("Mã xác thực không đúng hoặc đã hết hạn.").Last).ToBeVisibleAsync();
            await Axe.AssertNoViolationsAsync(second);
            Assert.Equal("/tai-khoan/xac-thuc-hai-buoc", new Uri(second.Url).AbsolutePath);
        });

    internal static async Task SignInWithPasswordAsync(IPage page, string email, string password)
    {
        await page.GetByLabel("Thư điện tử").FillAsync(email);
        await page.GetByLabel("Mật khẩu").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
    }

    [GeneratedRegex(@"/tai-khoan/xac-thuc-hai-buoc/thiet-lap\?")]
    private static partial Regex SetupUrl();

    [GeneratedRegex(@"/tai-khoan/xac-thuc-hai-buoc\?")]
    private static partial Regex TwoFactorUrl();
}
