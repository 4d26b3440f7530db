using Microsoft.Playwright;
using Services.Tests.E2e.Infrastructure;

namespace Services.Tests.E2e.Accessibility;

/// <summary>
/// A citizen journey completed with the keyboard alone, on a phone and on a desktop: from the service's page a
/// parent starts a leave-of-absence application, answers every step, ticks the declaration, submits, and follows
/// the dossier by its code — never a click, every control reached with Tab and showing where the focus is.
/// </summary>
[Collection(SharedPortal.Name)]
public sealed class KeyboardJourneyTests(PortalApp app) : BrowserTest(app)
{
    private const string Form = "/th-nguyen-binh-khiem/dich-vu/xin-nghi-hoc";

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1366, 900)]
    public Task AParentAppliesAndFollowsTheDossierWithTheKeyboardAlone(int width, int height) =>
        WithPageAsync(async page =>
        {
            await GoAsync(page, Form);
            await KeyboardOnly.ActivateAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Bắt đầu" }));
            await page.WaitForURLAsync("**/buoc/1");

            await KeyboardOnly.TypeAsync(page, page.GetByLabel("Họ và tên người nộp"), "Vũ Thị Bàn Phím");
            await KeyboardOnly.TypeDateAsync(page, page.GetByLabel("Ngày sinh người nộp"), new DateOnly(1986, 7, 15));
            await KeyboardOnly.TypeAsync(page, page.GetByLabel("Số điện thoại"), "0903555111");
            await NextStepAsync(page);

            await KeyboardOnly.TypeAsync(page, page.GetByLabel("Họ và tên học sinh"), "Vũ Minh Phím");
            await KeyboardOnly.TypeAsync(page, page.GetByLabel("Lớp"), "2A1");
            await NextStepAsync(page);

            await KeyboardOnly.TypeDateAsync(page, page.GetByLabel("Nghỉ từ ngày"), new DateOnly(2027, 3, 8));
            await KeyboardOnly.TypeDateAsync(page, page.GetByLabel("Đến hết ngày"), new DateOnly(2027, 3, 9));
            await KeyboardOnly.TypeAsync(page, page.GetByLabel("Lý do xin nghỉ"), "Gia đình có việc riêng ở quê.");
            await NextStepAsync(page);

            await KeyboardOnly.CheckAsync(page, page.GetByLabel("Tôi cam đoan những thông tin trên là đúng sự thật."));
            await NextStepAsync(page);

            await page.WaitForURLAsync("**/kiem-tra");
            await Assertions.Expect(page.GetByText("Vũ Minh Phím")).ToBeVisibleAsync();
            await KeyboardOnly.ActivateAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Nộp hồ sơ" }));
            await page.WaitForURLAsync("**/da-nop");
            var code = (await page.Locator("#tracking-code").InnerTextAsync()).Trim();
            Assert.StartsWith("HS-", code, StringComparison.Ordinal);

            // Following it: the lookup form, with the keyboard.
            await GoAsync(page, "/tra-cuu-ho-so");
            await KeyboardOnly.TypeAsync(page, page.GetByLabel("Mã hồ sơ"), code);
            await KeyboardOnly.TypeDateAsync(page, page.GetByLabel("Ngày sinh người nộp"), new DateOnly(1986, 7, 15));
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.Locator("#dossier-status")).ToHaveTextAsync("Đang xem xét");
        }, width, height, $"{nameof(AParentAppliesAndFollowsTheDossierWithTheKeyboardAlone)}_{width}");

    private static async Task NextStepAsync(IPage page)
    {
        var before = page.Url;
        await KeyboardOnly.ActivateAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Tiếp tục" }));
        await page.WaitForURLAsync(url => url != before);
    }
}
