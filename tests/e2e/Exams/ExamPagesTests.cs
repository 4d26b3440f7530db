using Microsoft.Playwright;
using Npgsql;
using Services.Tests.E2e.Infrastructure;
using Services.Workflows.Exams;

namespace Services.Tests.E2e.Exams;

/// <summary>
/// The public pages of issue 12 in a real browser, Vietnamese and English, phone and desktop: a published result
/// looked up by the page's script (and by the form post without JavaScript), a revoked certificate verified by form and by its QR link; axe-core clean on every page.
/// </summary>
[Collection(SharedPortal.Name)]
public sealed class ExamPagesTests(PortalApp app) : BrowserTest(app)
{
    [Theory]
    [InlineData(390, 844, "")]
    [InlineData(1366, 900, "")]
    [InlineData(390, 844, "/en")]
    [InlineData(1366, 900, "/en")]
    public Task AResultIsLookedUpAndARevokedCertificateShowsAsRevoked(int width, int height, string language) =>
        WithPageAsync(async page =>
        {
            var english = language.Length > 0;
            var (number, serial) = await SeedAsync();
            // Written behind the portal's back, as by another node: the lookup lists it within its cache's lifetime (ADR 0028).
            await Task.Delay(AnnouncedExamsCache.Lifetime);

            await GoAsync(page, $"{language}/tra-cuu-diem");
            await Axe.AssertNoViolationsAsync(page);
            await page.GetByLabel(english ? "Exam" : "Kỳ thi").SelectOptionAsync(new SelectOptionValue { Label = $"Kỳ thi thử {number}" });
            await page.GetByLabel(english ? "Candidate number" : "Số báo danh").FillAsync(number);
            await page.GetByLabel(english ? "Date of birth" : "Ngày sinh").FillAsync("2009-03-05");
            // With JavaScript the page asks the lookup endpoint and writes its JSON answer into the card (ADR 0039): no new page.
            var answer = await page.RunAndWaitForResponseAsync(
                () => page.GetByRole(AriaRole.Button, new() { Name = english ? "Look up" : "Tra cứu" }).ClickAsync(),
                r => r.Url.EndsWith("/tra-cuu-diem/ket-qua", StringComparison.Ordinal));
            Assert.Equal(200, answer.Status);
            await Assertions.Expect(page.Locator("#exam-result")).ToContainTextAsync("Nguyễn Văn An");
            await Assertions.Expect(page.Locator("#exam-result")).ToContainTextAsync("8.25");
            await Assertions.Expect(page.Locator("#exam-answer")).ToBeFocusedAsync();
            Assert.EndsWith($"{language}/tra-cuu-diem", page.Url, StringComparison.Ordinal);
            await Axe.AssertNoViolationsAsync(page);

            await page.GetByLabel(english ? "Date of birth" : "Ngày sinh").FillAsync("2009-03-06");
            await page.GetByRole(AriaRole.Button, new() { Name = english ? "Look up" : "Tra cứu" }).ClickAsync();
            await Assertions.Expect(page.Locator("#exam-not-found")).ToContainTextAsync(english ? "No result matches" : "Không tìm thấy kết quả");
            await Assertions.Expect(page.Locator("#exam-result")).ToHaveCountAsync(0);

            await GoAsync(page, $"{language}/xac-minh-van-bang");
            await Axe.AssertNoViolationsAsync(page);
            await page.GetByLabel(english ? "Serial number" : "Số hiệu văn bằng").FillAsync(serial);
            await page.GetByLabel(english ? "Holder's full name" : "Họ tên người được cấp").FillAsync("Nguyễn Văn An");
            await page.GetByLabel(english ? "Date of birth" : "Ngày sinh").FillAsync("2009-03-05");
            await page.GetByRole(AriaRole.Button, new() { Name = english ? "Verify" : "Xác minh" }).ClickAsync();
            var revoked = english ? "The certificate has been revoked" : "Văn bằng đã bị thu hồi";
            await Assertions.Expect(page.Locator("#certificate-status")).ToContainTextAsync(revoked);
            await Assertions.Expect(page.Locator("#certificate-status")).ToContainTextAsync("Cấp sai đối tượng");
            await Axe.AssertNoViolationsAsync(page);

            // The statement link carries the QR token: its page is the QR code's destination.
            var statement = await page.Locator("#certificate-result a").GetAttributeAsync("href");
            Assert.NotNull(statement);
            await GoAsync(page, statement.Split('?')[0]);
            await Assertions.Expect(page.Locator("#certificate-status")).ToContainTextAsync(revoked);
            await Axe.AssertNoViolationsAsync(page);
        }, width, height, $"{nameof(AResultIsLookedUpAndARevokedCertificateShowsAsRevoked)}_{width}{language.Replace('/', '_')}");

    [Fact]
    public async Task WithoutJavaScriptTheFormPostAnswersTheLookup()
    {
        var (number, _) = await SeedAsync();
        await Task.Delay(AnnouncedExamsCache.Lifetime);
        await using var context = await App.NewContextAsync(390, 844, javaScript: false);
        var page = await context.NewPageAsync();
        await GoAsync(page, "/tra-cuu-diem");
        await page.GetByLabel("Kỳ thi").SelectOptionAsync(new SelectOptionValue { Label = $"Kỳ thi thử {number}" });
        await page.GetByLabel("Số báo danh").FillAsync(number);
        await page.GetByLabel("Ngày sinh").FillAsync("2009-03-05");
        var posted = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Tra cứu" }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/tra-cuu-diem", StringComparison.Ordinal));
        Assert.Equal(200, posted.Status);
        await Assertions.Expect(page.Locator("#exam-result")).ToContainTextAsync("Nguyễn Văn An");
        await Assertions.Expect(page.Locator("#exam-result")).ToContainTextAsync("8.25");

        await page.GetByLabel("Ngày sinh").FillAsync("2009-03-06");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tra cứu" }).ClickAsync();
        await Assertions.Expect(page.Locator("#exam-not-found")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#exam-result")).ToHaveCountAsync(0);
    }

    /// <summary>An exam published an hour ago with one candidate, and a revoked certificate, under the department.</summary>
    private async Task<(string Number, string Serial)> SeedAsync()
    {
        var number = Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var serial = $"TN-{number}";
        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            WITH unit AS (SELECT id FROM units WHERE kind = 'Department' ORDER BY created_at LIMIT 1),
            exam AS (
                INSERT INTO exams (id, unit_id, name, kind, year, subjects, publish_at, created_at)
                SELECT gen_random_uuid(), id, 'Kỳ thi thử ' || $1, 'Graduation', 2027, '["Toán", "Ngữ văn"]', now() - interval '1 hour', now() FROM unit
                RETURNING id)
            INSERT INTO exam_candidates (id, exam_id, number, full_name, date_of_birth, school, room, scores, updated_at)
            SELECT gen_random_uuid(), id, $1, 'Nguyễn Văn An', '2009-03-05', 'THPT Lê Quý Đôn', 'P01', '{"Toán": 8.25, "Ngữ văn": 7.5}', now() FROM exam
            """, connection);
        command.Parameters.AddWithValue(number);
        await command.ExecuteNonQueryAsync();
        await using var certificate = new NpgsqlCommand(
            """
            INSERT INTO certificates (id, unit_id, serial, register_number, holder_name, date_of_birth, type, classification, year, issued_on, signer,
                                      status, status_note, status_changed_at, updated_at)
            SELECT gen_random_uuid(), id, $1, '0001', 'Nguyễn Văn An', '2009-03-05', 'Bằng tốt nghiệp THPT', 'Khá', 2027, '2027-07-15', 'Trần Văn Giám',
                   'Revoked', 'Cấp sai đối tượng', now(), now()
            FROM units WHERE kind = 'Department' ORDER BY created_at LIMIT 1
            """, connection);
        certificate.Parameters.AddWithValue(serial);
        await certificate.ExecuteNonQueryAsync();
        return (number, serial);
    }
}
