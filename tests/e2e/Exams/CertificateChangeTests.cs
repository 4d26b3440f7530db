using Microsoft.Playwright;
using Npgsql;
using Services.Tests.E2e.Infrastructure;

namespace Services.Tests.E2e.Exams;

/// <summary>
/// Revocation with approval in real browsers (ADR 0024), phone and desktop: a staff member of the department proposes
/// to revoke a certificate, a unit admin approves it from the workplace, and a citizen checking by the form and by the
/// QR link sees it revoked with the reason; axe-core clean on every page, the staff pages in English too.
/// </summary>
[Collection(SharedPortal.Name)]
public sealed class CertificateChangeTests(PortalApp app) : BrowserTest(app)
{
    [Theory]
    [InlineData(390, 844)]
    [InlineData(1366, 900)]
    public Task StaffProposeARevocationAnAdminApprovesAndACitizenSeesItRevoked(int width, int height) =>
        WithPageAsync(async page =>
        {
            var serial = await SeedAsync();
            var staff = await StaffAccounts.CreateAsync(App, "so-gd-dt", "Staff", "Phan Văn Thư");
            var approver = await StaffAccounts.CreateAsync(App, "so-gd-dt", "UnitAdmin", "Võ Lãnh Đạo");

            // The proposer, from the workplace to the registry and the proposal form.
            await StaffAccounts.SignInAsync(page, staff, "/can-bo/so-gd-dt");
            await FollowAsync(page, "#nav-certificates-so-gd-dt");
            var qr = await page.Locator("#certificates a", new() { HasText = serial }).GetAttributeAsync("href");
            Assert.NotNull(qr);
            await page.GetByRole(AriaRole.Link, new() { Name = $"Đề nghị thu hồi hoặc cải chính văn bằng {serial}" }).ClickAsync();
            await page.WaitForURLAsync("**/de-nghi");
            await Axe.AssertNoViolationsAsync(page);
            await page.GetByLabel("Thu hồi văn bằng").CheckAsync();
            await page.GetByLabel("Lý do", new() { Exact = true }).FillAsync("Cấp sai đối tượng");
            await page.GetByRole(AriaRole.Button, new() { Name = "Gửi đề nghị" }).ClickAsync();
            await page.WaitForURLAsync("**/can-bo/so-gd-dt/van-bang/de-nghi");
            var proposal = page.Locator($".certificate-change[data-serial='{serial}']");
            await Assertions.Expect(proposal).ToContainTextAsync("Đề nghị của quý vị: một lãnh đạo khác của đơn vị sẽ duyệt.");
            await Assertions.Expect(proposal.GetByRole(AriaRole.Button, new() { Name = "Duyệt" })).ToHaveCountAsync(0);
            await Axe.AssertNoViolationsAsync(page);

            // Proposed is not revoked: the citizen still sees a valid certificate.
            var citizen = await NewPageAsync();
            await GoAsync(citizen, new Uri(qr).AbsolutePath);
            await Assertions.Expect(citizen.Locator("#certificate-status")).ToContainTextAsync("Văn bằng có hiệu lực");

            // The approver, from the workplace's link.
            var admin = await NewPageAsync();
            await StaffAccounts.SignInAsync(admin, approver, "/can-bo/so-gd-dt");
            await FollowAsync(admin, "#nav-certificate-changes-so-gd-dt");
            var waiting = admin.Locator($".certificate-change[data-serial='{serial}']");
            await Assertions.Expect(waiting).ToContainTextAsync("Cấp sai đối tượng");
            await Axe.AssertNoViolationsAsync(admin);
            await waiting.GetByRole(AriaRole.Button, new() { Name = "Duyệt", Exact = true }).ClickAsync();
            await admin.WaitForURLAsync("**/can-bo/so-gd-dt/van-bang/de-nghi");
            await Assertions.Expect(admin.Locator($".certificate-change[data-serial='{serial}']")).ToHaveCountAsync(0);

            // The registry is written by the workflow's next step, moments later.
            var decided = admin.Locator("#changes-decided tr", new() { HasText = serial });
            for (var attempt = 0; attempt < 50 && !(await decided.CountAsync() > 0 && (await decided.InnerTextAsync()).Contains("Đã duyệt", StringComparison.Ordinal)); attempt++)
            {
                await Task.Delay(200);
                await admin.ReloadAsync();
            }

            await Assertions.Expect(decided).ToContainTextAsync("Đã duyệt");
            await Axe.AssertNoViolationsAsync(admin);
            await GoAsync(admin, "/en/can-bo/so-gd-dt/van-bang/de-nghi");
            await Assertions.Expect(admin.Locator("h1")).ToHaveTextAsync("Proposals to revoke or correct certificates");
            await Axe.AssertNoViolationsAsync(admin);

            // The citizen, by the form and by the QR link.
            await GoAsync(citizen, "/xac-minh-van-bang");
            await citizen.GetByLabel("Số hiệu văn bằng").FillAsync(serial);
            await citizen.GetByLabel("Họ tên người được cấp").FillAsync("Nguyễn Văn An");
            await citizen.GetByLabel("Ngày sinh").FillAsync("2009-03-05");
            await citizen.GetByRole(AriaRole.Button, new() { Name = "Xác minh" }).ClickAsync();
            await Assertions.Expect(citizen.Locator("#certificate-status")).ToContainTextAsync("Văn bằng đã bị thu hồi");
            await Assertions.Expect(citizen.Locator("#certificate-status")).ToContainTextAsync("Lý do: Cấp sai đối tượng");
            await Axe.AssertNoViolationsAsync(citizen);
            await GoAsync(citizen, new Uri(qr).AbsolutePath);
            await Assertions.Expect(citizen.Locator("#certificate-status")).ToContainTextAsync("Đã thu hồi ngày");
            await Assertions.Expect(citizen.Locator("#certificate-status")).ToContainTextAsync("Cấp sai đối tượng");
            await Axe.AssertNoViolationsAsync(citizen);
            await GoAsync(citizen, "/en" + new Uri(qr).AbsolutePath);
            await Assertions.Expect(citizen.Locator("#certificate-status")).ToContainTextAsync("The certificate has been revoked");
            await Axe.AssertNoViolationsAsync(citizen);
        }, width, height, $"{nameof(StaffProposeARevocationAnAdminApprovesAndACitizenSeesItRevoked)}_{width}");

    /// <summary>Follows a link of the workplace's navigation (folded into its menu on a phone) by its address.</summary>
    private static async Task FollowAsync(IPage page, string link)
    {
        var href = await page.Locator(link).GetAttributeAsync("href");
        Assert.NotNull(href);
        var response = await GoAsync(page, href);
        Assert.Equal(200, response.Status);
    }

    /// <summary>A valid certificate of the department, issued after every other test's, so it heads the registry's list.</summary>
    private async Task<string> SeedAsync()
    {
        var serial = $"TN-TH-{Random.Shared.Next(10_000_000, 99_999_999)}";
        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        await using var certificate = new NpgsqlCommand(
            """
            INSERT INTO certificates (id, unit_id, serial, register_number, holder_name, date_of_birth, type, classification, year, issued_on, signer,
                                      status, updated_at)
            SELECT gen_random_uuid(), id, $1, '0009', 'Nguyễn Văn An', '2009-03-05', 'Bằng tốt nghiệp THPT', 'Khá', 2027, '2030-07-15', 'Trần Văn Giám',
                   'Valid', now()
            FROM units WHERE slug = 'so-gd-dt'
            """, connection);
        certificate.Parameters.AddWithValue(serial);
        Assert.Equal(1, await certificate.ExecuteNonQueryAsync());
        return serial;
    }
}
