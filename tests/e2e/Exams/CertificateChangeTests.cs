using Microsoft.Playwright;
using Npgsql;
using Services.Tests.E2e.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Services.Tests.E2e.Exams;

/// <summary>
/// Revoking a certificate takes two people of the issuing unit, in a real browser at phone and desktop sizes with
/// axe-core on every staff page: a unit admin proposes the revocation with its reason from the registry, cannot
/// approve it (no button, and a forged decision is refused), and the certificate stays valid; another unit admin
/// approves, and the public verification, by form and by the QR code's link, shows it revoked with the reason.
/// </summary>
[Collection(SharedPortal.Name)]
public sealed class CertificateChangeTests(PortalApp app) : BrowserTest(app)
{
    private const string Unit = "so-gd-dt";
    private const string Holder = "Hoàng Thị Lan";
    private const string DateOfBirth = "2008-11-20";

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1366, 900)]
    public Task ARevocationProposedByOneAdminIsApprovedByAnotherAndVerificationShowsItRevoked(int width, int height) =>
        WithPageAsync(async proposer =>
        {
            var (id, serial) = await SeedCertificateAsync();
            var reason = $"Cấp nhầm người, hồ sơ {serial}";

            // The proposer, from the unit's registry: the certificate's link for the QR code, and the proposal form.
            await StaffAccounts.SignInAsync(proposer, await StaffAccounts.CreateAsync(App, Unit, "UnitAdmin", "Vũ Đề Nghị"), $"/can-bo/{Unit}");
            await GoAsync(proposer, $"/can-bo/{Unit}/van-bang");
            await Axe.AssertNoViolationsAsync(proposer);
            var qrLink = await proposer.GetByRole(AriaRole.Link, new() { Name = serial, Exact = true }).GetAttributeAsync("href");
            Assert.NotNull(qrLink);
            await proposer.GetByRole(AriaRole.Link, new() { Name = $"Đề nghị thu hồi / cải chính văn bằng {serial}" }).ClickAsync();
            await proposer.WaitForURLAsync($"**/can-bo/{Unit}/van-bang/{id}/de-nghi");
            await Axe.AssertNoViolationsAsync(proposer);

            // Without a reason nothing is proposed; with one, the proposal waits on the unit's list.
            await proposer.GetByLabel("Thu hồi văn bằng").CheckAsync();
            var send = proposer.GetByRole(AriaRole.Button, new() { Name = "Gửi đề nghị" });
            await send.ClickAsync();
            await Expect(proposer.Locator("#change-message")).ToContainTextAsync("Vui lòng nêu lý do");
            await Axe.AssertNoViolationsAsync(proposer);
            await proposer.GetByLabel("Lý do").FillAsync(reason);
            await send.ClickAsync();
            await proposer.WaitForURLAsync($"**/can-bo/{Unit}/van-bang/de-nghi");
            var own = proposer.Locator($"section.certificate-change[data-serial='{serial}']");
            await Expect(own).ToContainTextAsync(reason);
            await Expect(own).ToContainTextAsync("Đề nghị của quý vị: một lãnh đạo khác của đơn vị sẽ duyệt.");
            await Expect(own.GetByRole(AriaRole.Button, new() { Name = "Duyệt", Exact = true })).ToHaveCountAsync(0);
            await Axe.AssertNoViolationsAsync(proposer);

            // A decision forged by the proposer (the page offers none) is refused, and the certificate is still valid.
            var changeId = (await own.Locator("h3").GetAttributeAsync("id"))!["change-".Length..];
            var token = await proposer.Locator("input[name='__RequestVerificationToken']").First.InputValueAsync();
            var forged = await proposer.APIRequest.PostAsync($"/can-bo/{Unit}/van-bang/de-nghi", new()
            {
                Form = FormOf(proposer.APIRequest, ("__RequestVerificationToken", token), ("change", changeId), ("quyet-dinh", "duyet")),
                MaxRedirects = 0,
            });
            Assert.Equal(403, forged.Status);
            Assert.Contains("Quý vị không thể duyệt đề nghị do chính mình lập", await forged.TextAsync(), StringComparison.Ordinal);
            Assert.Equal("Valid", await StatusAsync(id));

            // Another unit admin approves from the same list, reached by the registry's link.
            var approver = await NewPageAsync();
            await StaffAccounts.SignInAsync(approver, await StaffAccounts.CreateAsync(App, Unit, "UnitAdmin", "Ngô Phê Duyệt"), $"/can-bo/{Unit}");
            await GoAsync(approver, $"/can-bo/{Unit}/van-bang");
            await approver.Locator("#certificate-changes-link").ClickAsync();
            await approver.WaitForURLAsync($"**/can-bo/{Unit}/van-bang/de-nghi");
            var pending = approver.Locator($"section.certificate-change[data-serial='{serial}']");
            await Expect(pending).ToContainTextAsync("Vũ Đề Nghị");
            await Axe.AssertNoViolationsAsync(approver);
            var approved = await approver.RunAndWaitForResponseAsync(
                () => pending.GetByRole(AriaRole.Button, new() { Name = "Duyệt", Exact = true }).ClickAsync(), r => r.Request.Method == "POST");
            Assert.Equal(302, approved.Status);

            // The approval's workflow writes the registry on the portal's worker; then the list shows it decided.
            await UntilRevokedAsync(id);
            await GoAsync(approver, $"/can-bo/{Unit}/van-bang/de-nghi");
            await Expect(pending).ToHaveCountAsync(0);
            await Expect(approver.Locator("#changes-decided tr", new() { HasText = serial })).ToContainTextAsync("Đã duyệt, đã ghi vào sổ");
            await Axe.AssertNoViolationsAsync(approver);

            // The public verification by form, then by the QR code's link, shows the revocation and its reason.
            var visitor = await NewPageAsync();
            await GoAsync(visitor, "/xac-minh-van-bang");
            await visitor.GetByLabel("Số hiệu văn bằng").FillAsync(serial);
            await visitor.GetByLabel("Họ tên người được cấp").FillAsync(Holder);
            await visitor.GetByLabel("Ngày sinh").FillAsync(DateOfBirth);
            await visitor.GetByRole(AriaRole.Button, new() { Name = "Xác minh" }).ClickAsync();
            await Expect(visitor.Locator("#certificate-status")).ToContainTextAsync("Văn bằng đã bị thu hồi");
            await Expect(visitor.Locator("#certificate-status")).ToContainTextAsync(reason);
            await Axe.AssertNoViolationsAsync(visitor);

            await GoAsync(visitor, new Uri(qrLink).PathAndQuery);
            await Expect(visitor.Locator("#certificate-status")).ToContainTextAsync("Văn bằng đã bị thu hồi");
            await Expect(visitor.Locator("#certificate-status")).ToContainTextAsync(reason);
            await Axe.AssertNoViolationsAsync(visitor);
        }, width, height, $"{nameof(ARevocationProposedByOneAdminIsApprovedByAnotherAndVerificationShowsItRevoked)}_{width}");

    private static IFormData FormOf(IAPIRequestContext request, params (string Name, string Value)[] fields)
    {
        var form = request.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        return form;
    }

    /// <summary>A valid certificate of the department with a fresh serial number.</summary>
    private async Task<(Guid Id, string Serial)> SeedCertificateAsync()
    {
        var serial = $"TN-{Random.Shared.Next(10_000_000, 99_999_999)}";
        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO certificates (id, unit_id, serial, register_number, holder_name, date_of_birth, type, classification, year, issued_on, signer,
                                      status, updated_at)
            SELECT gen_random_uuid(), id, $1, '0042', $2, $3, 'Bằng tốt nghiệp THPT', 'Giỏi', 2026, '2026-07-15', 'Trần Văn Giám', 'Valid', now()
            FROM units WHERE slug = $4
            RETURNING id
            """, connection);
        command.Parameters.AddWithValue(serial);
        command.Parameters.AddWithValue(Holder);
        command.Parameters.AddWithValue(DateOnly.Parse(DateOfBirth, System.Globalization.CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue(Unit);
        return ((Guid)(await command.ExecuteScalarAsync())!, serial);
    }

    private async Task<string> StatusAsync(Guid id)
    {
        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT status FROM certificates WHERE id = $1", connection);
        command.Parameters.AddWithValue(id);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The approved change is written to the registry by the workflow's automated step, on the portal's own worker.</summary>
    private async Task UntilRevokedAsync(Guid id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await StatusAsync(id) != "Revoked")
        {
            Assert.True(DateTime.UtcNow < deadline, $"Certificate {id} is still '{await StatusAsync(id)}' 60 s after the approval.");
            await Task.Delay(250);
        }
    }
}
