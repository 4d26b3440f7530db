using System.Globalization;
using Microsoft.Playwright;
using Services.Tests.E2e.Infrastructure;

namespace Services.Tests.E2e.Exams;

/// <summary>
/// Staff of the department import an exam in a real browser: a file with bad rows is refused with its report and
/// changes nothing, the corrected file goes in with a progress page, the export waits for the publication minute,
/// and a candidate sees "not yet published" until then and the result after.
/// </summary>
[Collection(SharedPortal.Name)]
public sealed class ExamStaffTests(PortalApp app) : BrowserTest(app)
{
    private const string Header = "so_bao_danh,ho_ten,ngay_sinh,truong,phong_thi,Toán,Ngữ văn\n";

    [Fact]
    public Task StaffImportAnExamAndResultsOpenAtThePublicationTime() =>
        WithPageAsync(async page =>
        {
            var staff = await StaffAccounts.CreateAsync(App, "so-gd-dt", "Staff", "Đặng Khảo Thí");
            await StaffAccounts.SignInAsync(page, staff, "/can-bo/so-gd-dt");
            await page.Locator("#nav-exams-so-gd-dt").ClickAsync();
            await page.WaitForURLAsync("**/can-bo/so-gd-dt/ky-thi");
            await Axe.AssertNoViolationsAsync(page);

            var name = $"Tuyển sinh lớp 10 thử {Guid.NewGuid():N}"[..34];
            await page.GetByLabel("Tên kỳ thi").FillAsync(name);
            await page.GetByLabel("Loại kỳ thi").SelectOptionAsync("Grade10Entrance");
            await page.GetByLabel("Năm").FillAsync("2027");
            await page.GetByRole(AriaRole.Button, new() { Name = "Tạo kỳ thi" }).Last.ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();
            var examPath = new Uri(page.Url).AbsolutePath;

            // A file with two bad rows: refused, every bad cell listed, nothing imported.
            await UploadAsync(page, Header + "10000001,Nguyễn Văn An,05/03/2009,THCS A,P01,8.25,7\n10000002,,05/03/2009,THCS A,P01,11,7\n");
            await Assertions.Expect(page.Locator("#import-refused")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#import-problems tbody tr")).ToHaveCountAsync(2);
            await Assertions.Expect(page.Locator("#import-problems")).ToContainTextAsync("Điểm phải từ 0 đến 10");
            await Axe.AssertNoViolationsAsync(page);
            await GoAsync(page, examPath);
            await Assertions.Expect(page.Locator("#candidate-count")).ToHaveTextAsync("0");

            // The corrected file.
            await UploadAsync(page, Header + "10000001,Nguyễn Văn An,05/03/2009,THCS A,P01,8.25,7\n10000002,Lê Thị Bình,06/04/2009,THCS A,P01,9,7\n");
            await Assertions.Expect(page.Locator("#import-done")).ToContainTextAsync("2 thí sinh mới");
            await GoAsync(page, examPath);
            await Assertions.Expect(page.Locator("#candidate-count")).ToHaveTextAsync("2");

            // Publication an hour ahead: the export is refused and the candidate is told to wait.
            await SetPublicationAsync(page, DateTimeOffset.UtcNow.AddHours(1));
            var export = await GoAsync(page, examPath + "?handler=Export");
            Assert.Equal(409, export.Status);
            await Assertions.Expect(page.Locator("#exam-message")).ToContainTextAsync("Chưa đến thời gian công bố");

            var candidate = await NewPageAsync();
            await LookUpAsync(candidate, name);
            await Assertions.Expect(candidate.Locator("#exam-not-published")).ToBeVisibleAsync();
            await Assertions.Expect(candidate.Locator("#exam-result")).ToHaveCountAsync(0);

            // Publication moved to a minute ago: the same lookup shows the result, no restart.
            await GoAsync(page, examPath);
            await SetPublicationAsync(page, DateTimeOffset.UtcNow.AddMinutes(-1));
            await LookUpAsync(candidate, name);
            await Assertions.Expect(candidate.Locator("#exam-result")).ToContainTextAsync("Lê Thị Bình");
            await Assertions.Expect(candidate.Locator("#exam-result")).ToContainTextAsync("9.00");
        });

    private static async Task UploadAsync(IPage page, string csv)
    {
        await page.GetByLabel("Tệp dữ liệu").SetInputFilesAsync(new FilePayload { Name = "thi-sinh.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Nhập tệp" }).ClickAsync();
        await page.WaitForURLAsync("**/ky-thi/nhap/**");
    }

    private static async Task SetPublicationAsync(IPage page, DateTimeOffset at)
    {
        var local = at.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        await page.GetByLabel("Thời gian công bố").FillAsync(local);
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu thời gian công bố" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Thời gian công bố")).ToHaveValueAsync(local);
    }

    private static async Task LookUpAsync(IPage page, string exam)
    {
        await page.GotoAsync("/tra-cuu-diem");
        await page.GetByLabel("Kỳ thi").SelectOptionAsync(new SelectOptionValue { Label = exam });
        await page.GetByLabel("Số báo danh").FillAsync("10000002");
        await page.GetByLabel("Ngày sinh").FillAsync("2009-04-06");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tra cứu" }).ClickAsync();
    }
}
