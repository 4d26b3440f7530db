using Microsoft.Playwright;
using Services.Tests.E2e.Infrastructure;

namespace Services.Tests.E2e.Account;

[Collection(SharedPortal.Name)]
public sealed class LockoutTests(PortalApp app) : BrowserTest(app)
{
    // An account no other test signs in with, since it stays locked for 15 minutes.
    private const string Email = "duyet.nbk@demo.edu.vn";

    [Fact]
    public Task FiveWrongPasswordsLockTheAccountEvenAgainstTheRightOne() =>
        WithPageAsync(async page =>
        {
            await GoAsync(page, "/tai-khoan/dang-nhap");
            for (var attempt = 1; attempt <= 4; attempt++)
            {
                await StaffTwoFactorTests.SignInWithPasswordAsync(page, Email, $"Sai-mat-khau-{attempt}");
                await Assertions.Expect(page.GetByRole(AriaRole.Alert))
                    .ToContainTextAsync("Thư điện tử hoặc mật khẩu không đúng.");
            }

            await StaffTwoFactorTests.SignInWithPasswordAsync(page, Email, "Sai-mat-khau-5");
            await page.WaitForURLAsync("**/tai-khoan/khoa");
            Assert.Contains("tạm khóa 15 phút", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
            await Axe.AssertNoViolationsAsync(page);

            await GoAsync(page, "/tai-khoan/dang-nhap");
            await StaffTwoFactorTests.SignInWithPasswordAsync(page, Email, "Demo@2026");
            await page.WaitForURLAsync("**/tai-khoan/khoa");
        });
}
