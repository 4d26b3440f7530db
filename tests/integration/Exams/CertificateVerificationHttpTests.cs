using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Services.Data.Exams;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Integration.Security;
using Services.Web.Security;
using Services.Workflows.Exams;

namespace Services.Tests.Integration.Exams;

/// <summary>
/// Certificates on real PostgreSQL through the running portal: an all-or-nothing registry import, verification by
/// serial + name + date of birth with one answer for every miss, by a signed QR token that cannot be altered, and a
/// revoked certificate shown as revoked.
/// </summary>
public sealed partial class CertificateVerificationHttpTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string Registry = """
        so_hieu,so_vao_so,ho_ten,ngay_sinh,loai,xep_loai,nam,ngay_cap,nguoi_ky
        TN2027-000123,0001,Nguyễn Văn An,05/03/2009,Bằng tốt nghiệp THPT,Khá,2027,15/07/2027,Trần Văn Giám
        TN2027-000124,0002,Lê Thị Hoa,06/04/2009,Bằng tốt nghiệp THPT,Giỏi,2027,15/07/2027,Trần Văn Giám
        """;

    [Fact]
    public async Task ARegistryFileWithABadRowImportsNothingAndACorrectedOneUpdatesInPlace()
    {
        var exam = await ExamFixture.CreateAsync(database);
        await using var db = database.CreateContext();
        var registry = new CertificateRegistry(db, exam.Clock);
        var bad = Registry + "\nTN2027-000125,0003,,31/02/2009,Bằng tốt nghiệp THPT,Khá,20x7,15/07/2027,Trần Văn Giám";
        var refused = await registry.ImportAsync(exam.UnitId, ExamFixture.File(bad), CancellationToken.None);
        Assert.Equal(
            [new ImportProblem(4, "ho_ten", ImportProblemReason.Required), new ImportProblem(4, "ngay_sinh", ImportProblemReason.InvalidDate), new ImportProblem(4, "nam", ImportProblemReason.InvalidNumber)],
            refused.Problems);
        Assert.Equal(0, db.Certificates.Count(c => c.UnitId == exam.UnitId));

        Assert.Equal((2, 2, 0), Counts(await registry.ImportAsync(exam.UnitId, ExamFixture.File(Registry), CancellationToken.None)));
        Assert.Equal((2, 0, 0), Counts(await registry.ImportAsync(exam.UnitId, ExamFixture.File(Registry), CancellationToken.None)));
        Assert.Equal((2, 0, 1), Counts(await registry.ImportAsync(exam.UnitId, ExamFixture.File(Registry.Replace("Giỏi", "Xuất sắc", StringComparison.Ordinal)), CancellationToken.None)));
        Assert.Equal(2, db.Certificates.Count(c => c.UnitId == exam.UnitId));
    }

    [Fact]
    public async Task EveryMissAnswersAlikeAndTheRightDetailsFindTheCertificate()
    {
        var (portal, _) = await StartAsync();
        await using var _p = portal;
        using var visitor = new Visitor(portal);
        using var wrongName = await VerifyAsync(visitor, "TN2027-000123", "Nguyễn Văn Bình", "2009-03-05");
        using var wrongDate = await VerifyAsync(visitor, "TN2027-000123", "Nguyễn Văn An", "2009-03-06");
        using var unknown = await VerifyAsync(visitor, "TN2027-999999", "Nguyễn Văn An", "2009-03-05");
        using var registerNumber = await VerifyAsync(visitor, "0001", "Nguyễn Văn An", "2009-03-05");
        var pages = new List<string>();
        foreach (var (response, serial, name, date) in new[]
        {
            (wrongName, "TN2027-000123", "Nguyễn Văn Bình", "2009-03-05"), (wrongDate, "TN2027-000123", "Nguyễn Văn An", "2009-03-06"),
            (unknown, "TN2027-999999", "Nguyễn Văn An", "2009-03-05"), (registerNumber, "0001", "Nguyễn Văn An", "2009-03-05"),
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            pages.Add(Tokens().Replace((await response.Content.ReadAsStringAsync()).Replace(serial, "S", StringComparison.Ordinal)
                .Replace(name, "N", StringComparison.Ordinal).Replace(date, "D", StringComparison.Ordinal), "T"));
        }

        Assert.Single(pages.Distinct());
        Assert.Contains("Không tìm thấy văn bằng", pages[0], StringComparison.Ordinal);

        // Case and spacing of the name do not matter.
        using var right = await VerifyAsync(visitor, "tn2027-000123", "nguyễn  văn an", "2009-03-05");
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        var html = await right.Content.ReadAsStringAsync();
        Assert.Contains("Văn bằng có hiệu lực", html, StringComparison.Ordinal);
        Assert.Contains("Bằng tốt nghiệp THPT", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheQrTokenLeadsToTheCertificateAndATamperedOneIsRejected()
    {
        var (portal, exam) = await StartAsync();
        await using var _p = portal;
        var tokens = portal.Services.GetRequiredService<VerificationTokens>();
        Guid id, other;
        await using (var db = database.CreateContext())
        {
            id = db.Certificates.Single(c => c.UnitId == exam.UnitId && c.Serial == "TN2027-000123").Id;
            other = db.Certificates.Single(c => c.UnitId == exam.UnitId && c.Serial == "TN2027-000124").Id;
        }

        var token = tokens.Issue(VerifiedDocument.Certificate, id);
        using var visitor = new Visitor(portal);
        using (var genuine = await visitor.GetAsync($"/xac-minh-van-bang/{token}"))
        {
            Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
            Assert.Contains("TN2027-000123", await genuine.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var statement = await visitor.GetAsync($"/xac-minh-van-bang/{token}?handler=Statement"))
        {
            Assert.Equal("application/pdf", statement.Content.Headers.ContentType?.MediaType);
        }

        // One character changed, the id swapped for another certificate's under the old tag, a receipt's token: all unknown.
        var flipped = token[..10] + (token[10] == 'A' ? 'B' : 'A') + token[11..];
        var swapped = tokens.Issue(VerifiedDocument.Certificate, other)[..23] + token[23..];
        var receipt = tokens.Issue(VerifiedDocument.Receipt, id);
        foreach (var forged in new[] { flipped, swapped, receipt, "khong-phai-ma" })
        {
            using var response = await visitor.GetAsync($"/xac-minh-van-bang/{forged}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("TN2027-000123", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ARevokedCertificateShowsAsRevokedWithItsReasonByFormAndByQr()
    {
        var (portal, exam) = await StartAsync();
        await using var _p = portal;
        Guid id;
        await using (var db = database.CreateContext())
        {
            id = db.Certificates.Single(c => c.UnitId == exam.UnitId && c.Serial == "TN2027-000123").Id;
            // The registry as an approved revocation leaves it (the approval itself: CertificateChangeTests).
            Assert.Equal(1, await db.Certificates.Where(c => c.Id == id).ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, CertificateStatus.Revoked)
                .SetProperty(c => c.StatusNote, "Cấp sai đối tượng").SetProperty(c => c.StatusChangedAt, exam.Clock.GetUtcNow())));
        }

        using var visitor = new Visitor(portal);
        using var byForm = await VerifyAsync(visitor, "TN2027-000123", "Nguyễn Văn An", "2009-03-05");
        using var byQr = await visitor.GetAsync($"/xac-minh-van-bang/{portal.Services.GetRequiredService<VerificationTokens>().Issue(VerifiedDocument.Certificate, id)}");
        foreach (var response in new[] { byForm, byQr })
        {
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("Văn bằng đã bị thu hồi", html, StringComparison.Ordinal);
            Assert.Contains("Cấp sai đối tượng", html, StringComparison.Ordinal);
            Assert.Contains("20/06/2027", html, StringComparison.Ordinal);
        }
    }

    private static (int, int, int) Counts(ImportReport report) => (report.Rows, report.Inserted, report.Updated);

    private async Task<(RunningPortal Portal, ExamFixture Exam)> StartAsync()
    {
        await using (var clear = database.DataSource.CreateCommand("DELETE FROM throttle_counters; DELETE FROM certificates"))
        {
            await clear.ExecuteNonQueryAsync();
        }

        var exam = await ExamFixture.CreateAsync(database);
        await using (var db = database.CreateContext())
        {
            Assert.True((await new CertificateRegistry(db, exam.Clock).ImportAsync(exam.UnitId, ExamFixture.File(Registry), CancellationToken.None)).Succeeded);
        }

        var portal = await RunningPortal.StartAsync(database.ConnectionString, replaceServices: s => s.AddSingleton<TimeProvider>(exam.Clock));
        await portal.SeedDemoCityAsync();
        return (portal, exam);
    }

    private static Task<HttpResponseMessage> VerifyAsync(Visitor visitor, string serial, string name, string dateOfBirth) =>
        visitor.PostFormAsync("/xac-minh-van-bang", new Dictionary<string, string> { ["so-hieu"] = serial, ["ho-ten"] = name, ["ngay-sinh"] = dateOfBirth });

    [GeneratedRegex("(name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]+\"|nonce=\"[^\"]+\")")]
    private static partial Regex Tokens();
}
