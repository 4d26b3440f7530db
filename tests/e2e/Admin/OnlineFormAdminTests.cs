using Microsoft.Playwright;
using Services.Tests.E2e.Infrastructure;

namespace Services.Tests.E2e.Admin;

/// <summary>A unit admin defines a generic form, previews it and publishes it; it then appears among the unit's online services.</summary>
[Collection(SharedPortal.Name)]
public sealed class OnlineFormAdminTests(PortalApp app) : BrowserTest(app)
{
    [Fact]
    public Task UnitAdminDefinesPreviewsAndPublishesAForm() =>
        WithPageAsync(async page =>
        {
            var slug = $"giay-gioi-thieu-{Guid.NewGuid():N}"[..24];
            var admin = await StaffAccounts.CreateAsync(App, "th-le-loi", "UnitAdmin", "Huỳnh Văn Quản Trị");
            await StaffAccounts.SignInAsync(page, admin, "/quan-tri/th-le-loi/bieu-mau/moi");
            await Axe.AssertNoViolationsAsync(page);

            await page.GetByLabel("Đường dẫn").FillAsync(slug);
            await page.GetByLabel("Tên (tiếng Việt)").FillAsync("Đề nghị cấp giấy giới thiệu");
            await page.GetByLabel("Tên (tiếng Anh)").FillAsync("Request for a letter of introduction");
            await page.Locator("#Input_Fields_0__Key").FillAsync("noi-den");
            await page.Locator("#Input_Fields_0__LabelVi").FillAsync("Nơi đến");
            await page.Locator("#Input_Fields_0__LabelEn").FillAsync("Destination");
            await page.Locator("#Input_Fields_0__Required").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Lưu và xem trước" }).ClickAsync();

            await page.WaitForURLAsync("**/xem-truoc");
            await Assertions.Expect(page.GetByLabel("Nơi đến")).ToBeVisibleAsync();
            await Axe.AssertNoViolationsAsync(page);
            Assert.Equal(404, (await GoAsync(page, $"/th-le-loi/dich-vu/{slug}")).Status);

            await GoAsync(page, "/quan-tri/th-le-loi/bieu-mau");
            await Axe.AssertNoViolationsAsync(page);
            await page.GetByRole(AriaRole.Button, new() { Name = "Xuất bản Đề nghị cấp giấy giới thiệu" }).ClickAsync();
            await Assertions.Expect(page.Locator("tr", new() { HasText = "Đề nghị cấp giấy giới thiệu" })).ToContainTextAsync("Đang áp dụng");

            Assert.Equal(200, (await GoAsync(page, $"/th-le-loi/dich-vu/{slug}")).Status);
            await GoAsync(page, "/th-le-loi/dich-vu-cong");
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Đề nghị cấp giấy giới thiệu" })).ToBeVisibleAsync();

            // An admin of one school has no door into another school's forms.
            Assert.Equal(403, (await GoAsync(page, "/quan-tri/th-nguyen-binh-khiem/bieu-mau")).Status);
        });

    [Fact]
    public Task AFormWithoutLabelsOrWithABadAddressIsRefusedWithMessages() =>
        WithPageAsync(async page =>
        {
            var admin = await StaffAccounts.CreateAsync(App, "th-le-loi", "UnitAdmin", "Huỳnh Văn Quản Trị");
            await StaffAccounts.SignInAsync(page, admin, "/quan-tri/th-le-loi/bieu-mau/moi");
            await page.GetByLabel("Đường dẫn").FillAsync("Có Dấu");
            await page.Locator("#Input_Fields_0__Key").FillAsync("cau-hoi");
            var response = await page.RunAndWaitForResponseAsync(
                () => page.GetByRole(AriaRole.Button, new() { Name = "Lưu và xem trước" }).ClickAsync(), r => r.Request.Method == "POST");
            Assert.Equal(422, response.Status);
            var alert = page.Locator("main .alert-danger");
            await Assertions.Expect(alert).ToContainTextAsync("Đường dẫn chỉ gồm chữ thường không dấu");
            await Assertions.Expect(alert).ToContainTextAsync("cần nhãn bằng cả tiếng Việt và tiếng Anh");
            await Axe.AssertNoViolationsAsync(page);
        });
}
