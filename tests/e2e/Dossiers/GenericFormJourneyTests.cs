using Microsoft.Playwright;
using Services.Tests.E2e.Infrastructure;

namespace Services.Tests.E2e.Dossiers;

/// <summary>
/// The whole common path of a generic online form, on a phone and on a desktop: a parent applies, gets a tracking code and a receipt,
/// follows the status; the school's staff claim and approve it; the parent sees the result and has the e-mail; staff
/// of another school never see the dossier.
/// </summary>
[Collection(SharedPortal.Name)]
public sealed class GenericFormJourneyTests(PortalApp app) : BrowserTest(app)
{
    private const string School = "th-nguyen-binh-khiem";
    private const string Form = $"/{School}/dich-vu/xin-nghi-hoc";

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1280, 800)]
    public Task ParentAppliesAndStaffOfTheSchoolApprove(int width, int height) =>
        WithPageAsync(async page =>
        {
            // A parent with an account signs in first (citizens need no second factor), so the dossier is theirs.
            var parentEmail = await StaffAccounts.CreateCitizenAsync(App, "Nguyễn Thị Lan");
            await GoAsync(page, $"/tai-khoan/dang-nhap?returnUrl={Uri.EscapeDataString(Form)}");
            await page.GetByLabel("Thư điện tử").FillAsync(parentEmail);
            await page.GetByLabel("Mật khẩu").FillAsync(StaffAccounts.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
            await page.WaitForURLAsync($"**{Form}");
            await Axe.AssertNoViolationsAsync(page);
            await page.GetByRole(AriaRole.Button, new() { Name = "Bắt đầu" }).ClickAsync();

            await page.WaitForURLAsync("**/buoc/1");
            await Assertions.Expect(page.GetByText("Bước 1/4").First).ToBeVisibleAsync();
            await Axe.AssertNoViolationsAsync(page);
            // The account already knows the parent's name and e-mail; only what it does not know is asked.
            await Assertions.Expect(page.GetByLabel("Họ và tên người nộp")).ToHaveValueAsync("Nguyễn Thị Lan");
            await Assertions.Expect(page.GetByLabel("Thư điện tử")).ToHaveValueAsync(parentEmail);
            await page.GetByLabel("Ngày sinh người nộp").FillAsync("1988-04-12");
            await page.GetByLabel("Số điện thoại").FillAsync("0903123456");
            await Continue(page);

            await page.GetByLabel("Họ và tên học sinh").FillAsync("Trần Minh Khôi");
            await page.GetByLabel("Lớp").FillAsync("3A2");
            await Continue(page);

            await page.GetByLabel("Nghỉ từ ngày").FillAsync("2026-11-23");
            await page.GetByLabel("Đến hết ngày").FillAsync("2026-11-24");
            await page.GetByLabel("Lý do xin nghỉ").FillAsync("Cháu bị sốt, gia đình xin cho cháu nghỉ ở nhà theo dõi.");
            await page.GetByLabel("Giấy tờ kèm theo (nếu có)").SetInputFilesAsync(new FilePayload
            {
                Name = "giay-kham-benh.pdf",
                MimeType = "application/pdf",
                Buffer = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray(),
            });
            await Continue(page);

            await page.GetByLabel("Tôi cam đoan những thông tin trên là đúng sự thật.").CheckAsync();
            await Continue(page);

            await page.WaitForURLAsync("**/kiem-tra");
            await Assertions.Expect(page.GetByText("Trần Minh Khôi")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText("giay-kham-benh.pdf")).ToBeVisibleAsync();
            await Axe.AssertNoViolationsAsync(page);
            await page.GetByRole(AriaRole.Button, new() { Name = "Nộp hồ sơ" }).ClickAsync();

            await page.WaitForURLAsync("**/da-nop");
            var code = (await page.Locator("#tracking-code").InnerTextAsync()).Trim();
            // The code's year is the year the portal received it (its own clock, Vietnam time), not the year the test was written.
            var receivedAt = (await page.Locator("#received-at").InnerTextAsync()).Trim(); // HH:mm dd/MM/yyyy
            Assert.Matches($"^HS-{receivedAt[^2..]}-[2-9A-HJKMNP-Z]{{4}}-[2-9A-HJKMNP-Z]{{4}}$", code);
            await Axe.AssertNoViolationsAsync(page);

            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Tải giấy biên nhận (PDF)" }).ClickAsync());
            var receipt = await File.ReadAllBytesAsync(await download.PathAsync());
            Assert.Equal("%PDF-"u8.ToArray(), receipt[..5]);

            Assert.Equal("Đang xem xét", await LookUpStatusAsync(page, code));

            // A wrong date of birth for a real code answers exactly like a code that does not exist.
            var unknown = await SubmitLookupAsync(page, "HS-26-2222-2222", "1988-04-12");
            var wrongBirthday = await SubmitLookupAsync(page, code, "1988-04-13");
            Assert.Equal(404, unknown.Status);
            Assert.Equal(unknown, wrongBirthday);

            // Staff of another school: not in their queue, not reachable through their unit, refused on the right one.
            var otherStaff = await NewPageAsync();
            var otherEmail = await StaffAccounts.CreateAsync(App, "th-le-loi", "Staff", "Lê Văn Khác");
            await StaffAccounts.SignInAsync(otherStaff, otherEmail, "/can-bo/th-le-loi");
            Assert.Equal(0, await otherStaff.GetByText(code).CountAsync());
            Assert.Equal(404, (await GoAsync(otherStaff, $"/can-bo/th-le-loi/ho-so/{code}")).Status);
            Assert.Equal(403, (await GoAsync(otherStaff, $"/can-bo/{School}/ho-so/{code}")).Status);

            // Staff of the school claim it from the queue and approve it.
            var staff = await NewPageAsync();
            var staffEmail = await StaffAccounts.CreateAsync(App, School, "Staff", "Trần Văn Xử Lý");
            await StaffAccounts.SignInAsync(staff, staffEmail, "/can-bo");
            Assert.EndsWith($"/can-bo/{School}", staff.Url, StringComparison.Ordinal); // one unit: straight to its queue
            await Assertions.Expect(staff.Locator("#count-cho-tiep-nhan")).Not.ToHaveTextAsync("0");
            await Axe.AssertNoViolationsAsync(staff);
            await staff.GetByRole(AriaRole.Link, new() { Name = code }).ClickAsync();
            await staff.WaitForURLAsync($"**/ho-so/{code}");
            await Axe.AssertNoViolationsAsync(staff);
            var attachment = await staff.RunAndWaitForDownloadAsync(() => staff.GetByRole(AriaRole.Link, new() { Name = "giay-kham-benh.pdf" }).ClickAsync());
            Assert.Equal("%PDF-"u8.ToArray(), (await File.ReadAllBytesAsync(await attachment.PathAsync()))[..5]);
            await staff.GetByRole(AriaRole.Button, new() { Name = "Nhận xử lý" }).ClickAsync();
            await Assertions.Expect(staff.GetByRole(AriaRole.Button, new() { Name = "Trả lại hàng đợi" })).ToBeVisibleAsync();
            await staff.GetByLabel("Ý kiến xử lý").FillAsync("Đồng ý cho học sinh nghỉ 2 ngày.");
            await staff.GetByRole(AriaRole.Button, new() { Name = "Chấp thuận" }).ClickAsync();
            await Assertions.Expect(staff.GetByRole(AriaRole.Heading, new() { Name = "Tình trạng: Đã chấp thuận" })).ToBeVisibleAsync();

            Assert.Equal("Đã chấp thuận", await LookUpStatusAsync(page, code));
            await page.GetByLabel("5", new() { Exact = true }).CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Gửi đánh giá" }).ClickAsync();
            await Assertions.Expect(page.GetByText("Cảm ơn quý vị đã đánh giá.")).ToBeVisibleAsync();
            await Axe.AssertNoViolationsAsync(page);
            await GoAsync(page, "/tai-khoan/ho-so-cua-toi");
            await Assertions.Expect(page.Locator("main tr", new() { HasText = code })).ToContainTextAsync("Đã chấp thuận");
            await Axe.AssertNoViolationsAsync(page);
            // Their own dossier opens from the list without the date of birth being asked again.
            await page.GetByRole(AriaRole.Link, new() { Name = code }).ClickAsync();
            await Assertions.Expect(page.Locator("#dossier-status")).ToHaveTextAsync("Đã chấp thuận");
            await Assertions.Expect(page.Locator("#bell-count")).ToBeVisibleAsync();
            await page.Locator("#bell").ClickAsync();
            await Assertions.Expect(page.GetByText($"[{code}] Hồ sơ đã được chấp thuận")).ToBeVisibleAsync();
            await Axe.AssertNoViolationsAsync(page);

            var mail = await MailPickup.WaitForMessageToAsync(App.MailFolder, parentEmail, "được chấp thuận", TimeSpan.FromSeconds(30));
            Assert.Contains(code, mail, StringComparison.Ordinal);
            Assert.Contains("Đồng ý cho học sinh nghỉ 2 ngày.", mail, StringComparison.Ordinal);
        }, width, height, $"{nameof(ParentAppliesAndStaffOfTheSchoolApprove)}_{width}");

    private static async Task Continue(IPage page)
    {
        var before = page.Url;
        await page.GetByRole(AriaRole.Button, new() { Name = "Tiếp tục" }).ClickAsync();
        await page.WaitForURLAsync(url => url != before);
    }

    private static async Task<string> LookUpStatusAsync(IPage page, string code)
    {
        await page.GotoAsync("/tra-cuu-ho-so");
        await page.GetByLabel("Mã hồ sơ").FillAsync(code);
        await page.GetByLabel("Ngày sinh người nộp").FillAsync("1988-04-12");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tra cứu" }).ClickAsync();
        var status = page.Locator("#dossier-status");
        await Assertions.Expect(status).ToBeVisibleAsync();
        await Axe.AssertNoViolationsAsync(page);
        return (await status.InnerTextAsync()).Trim();
    }

    private static async Task<(int Status, string Message)> SubmitLookupAsync(IPage page, string code, string dateOfBirth)
    {
        await page.GetByLabel("Mã hồ sơ").FillAsync(code);
        await page.GetByLabel("Ngày sinh người nộp").FillAsync(dateOfBirth);
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Tra cứu" }).ClickAsync(), r => r.Request.Method == "POST");
        return (response.Status, (await page.Locator("main .alert").InnerTextAsync()).Trim());
    }
}
