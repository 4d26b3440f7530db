using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Services.Data.Exams;
using Services.Data.Identity;
using Services.Data.Units;
using Services.Tests.Integration.Catalogue;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Integration.Security;
using Services.Web.Security;
using Services.Workflows.Exams;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Exams;

/// <summary>
/// Revocation and correction of certificates as proposals with approval (ADR 0024), through the running portal on real
/// PostgreSQL: staff of the issuing unit propose, a unit admin other than the proposer approves or refuses with a
/// reason, the registry changes only on approval (old values kept), everything is journaled, and the public check
/// shows the outcome; the proposer's own approval and another unit's staff are refused by the service itself.
/// </summary>
public sealed partial class CertificateChangeTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string Registry = """
        so_hieu,so_vao_so,ho_ten,ngay_sinh,loai,xep_loai,nam,ngay_cap,nguoi_ky
        TH2027-000123,0001,Nguyễn Văn An,05/03/2009,Bằng tốt nghiệp THPT,Khá,2027,15/07/2027,Trần Văn Giám
        TH2027-000124,0002,Lê Thi Hoa,06/04/2009,Bằng tốt nghiệp THPT,Giỏi,2027,15/07/2027,Trần Văn Giám
        """;

    [Fact]
    public async Task AnApprovedRevocationIsRecordedJournaledAndShownByFormAndByQr()
    {
        var (portal, exam, slug) = await StartAsync();
        await using var _ = portal;
        var id = await IdOfAsync(exam, "TH2027-000123");
        var staff = ClientAs(portal, exam.UnitId, PortalRole.Staff);
        var admin = ClientAs(portal, exam.UnitId, PortalRole.UnitAdmin);

        var form = await ReadAsync(await staff.GetAsync($"/can-bo/{slug}/van-bang/{id}/de-nghi"));
        using (var proposed = await PostAsync(staff, $"/can-bo/{slug}/van-bang/{id}/de-nghi", form,
                   [new("loai", "Revocation"), new("ly-do", "Cấp sai đối tượng")]))
        {
            Assert.Equal(HttpStatusCode.Redirect, proposed.StatusCode);
        }

        // Proposed, not yet revoked: the public check still says valid.
        Assert.Equal(CertificateStatus.Valid, await StatusAsync(id));
        var list = await ReadAsync(await admin.GetAsync($"/can-bo/{slug}/van-bang/de-nghi"));
        Assert.Contains("Cấp sai đối tượng", list, StringComparison.Ordinal);
        using (var approved = await PostAsync(admin, $"/can-bo/{slug}/van-bang/de-nghi", list,
                   [new("change", ChangePattern().Match(list).Groups[1].Value), new("quyet-dinh", "duyet"), new("ghi-chu", "")]))
        {
            Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        }

        await UntilFinishedAsync(portal, id);
        await using (var db = database.CreateContext())
        {
            var certificate = await db.Certificates.SingleAsync(c => c.Id == id);
            Assert.Equal(CertificateStatus.Revoked, certificate.Status);
            Assert.Equal("Cấp sai đối tượng", certificate.StatusNote);
            var change = await db.CertificateChanges.SingleAsync(c => c.CertificateId == id);
            Assert.Equal(CertificateChangeStatus.Approved, change.Status);
            Assert.NotNull(change.DecidedById);
            Assert.NotEqual(change.ProposedById, change.DecidedById);
            var proposal = CertificateChanges.CorrelationOf(change.Id);
            var actions = await db.WorkflowJournal.Where(j => j.Payload != null && j.Payload.Contains(proposal)).Select(j => j.Action).ToListAsync();
            Assert.Contains(CertificateChanges.ProposedAction, actions);
            Assert.Contains(CertificateChanges.RevokedAction, actions);
        }

        using var visitor = new Visitor(portal);
        using var byForm = await visitor.PostFormAsync("/xac-minh-van-bang",
            new Dictionary<string, string> { ["so-hieu"] = "TH2027-000123", ["ho-ten"] = "Nguyễn Văn An", ["ngay-sinh"] = "2009-03-05" });
        using var byQr = await visitor.GetAsync($"/xac-minh-van-bang/{portal.Services.GetRequiredService<VerificationTokens>().Issue(VerifiedDocument.Certificate, id)}");
        foreach (var response in new[] { byForm, byQr })
        {
            var html = await ReadAsync(response);
            Assert.Contains("Văn bằng đã bị thu hồi", html, StringComparison.Ordinal);
            Assert.Contains("Đã thu hồi ngày 20/06/2027. Lý do: Cấp sai đối tượng", html, StringComparison.Ordinal);
        }

        // A revoked certificate takes no further proposal.
        var again = await ReadAsync(await staff.GetAsync($"/can-bo/{slug}/van-bang/{id}/de-nghi"));
        using var second = await PostAsync(staff, $"/can-bo/{slug}/van-bang/{id}/de-nghi", again, [new("loai", "Revocation"), new("ly-do", "Lần hai")]);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
    }

    [Fact]
    public async Task AnApprovedCorrectionKeepsTheOldValuesAndARefusedOneChangesNothing()
    {
        var (portal, exam, slug) = await StartAsync();
        await using var _ = portal;
        var id = await IdOfAsync(exam, "TH2027-000124");
        var staff = ClientAs(portal, exam.UnitId, PortalRole.Staff);
        var admin = ClientAs(portal, exam.UnitId, PortalRole.UnitAdmin);
        var path = $"/can-bo/{slug}/van-bang/{id}/de-nghi";

        // Refused: a reason is required, and then the registry is untouched.
        var form = await ReadAsync(await staff.GetAsync(path));
        using (var unchanged = await PostAsync(staff, path, form, [new("loai", "Correction"), new("ly-do", "Sai chính tả"), .. Values(form)]))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, unchanged.StatusCode);
            Assert.Contains("chưa thay đổi thông tin nào", await ReadAsync(unchanged), StringComparison.Ordinal);
        }

        using (var proposed = await PostAsync(staff, path, form,
                   [new("loai", "Correction"), new("ly-do", "Sai chính tả"), .. Values(form, ("HolderName", "Lê Thị Hoa"))]))
        {
            Assert.Equal(HttpStatusCode.Redirect, proposed.StatusCode);
        }

        var list = await ReadAsync(await admin.GetAsync($"/can-bo/{slug}/van-bang/de-nghi"));
        var change = ChangePattern().Match(list).Groups[1].Value;
        using (var noReason = await PostAsync(admin, $"/can-bo/{slug}/van-bang/de-nghi", list, [new("change", change), new("quyet-dinh", "tu-choi"), new("ghi-chu", " ")]))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        }

        using (var refused = await PostAsync(admin, $"/can-bo/{slug}/van-bang/de-nghi", list,
                   [new("change", change), new("quyet-dinh", "tu-choi"), new("ghi-chu", "Thiếu quyết định cải chính")]))
        {
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        }

        await UntilFinishedAsync(portal, id);
        await using (var db = database.CreateContext())
        {
            var certificate = await db.Certificates.SingleAsync(c => c.Id == id);
            Assert.Equal(("Lê Thi Hoa", CertificateStatus.Valid), (certificate.HolderName, certificate.Status));
            var row = await db.CertificateChanges.SingleAsync(c => c.CertificateId == id);
            Assert.Equal((CertificateChangeStatus.Refused, "Thiếu quyết định cải chính"), (row.Status, row.DecisionNote));
            var proposal = CertificateChanges.CorrelationOf(row.Id);
            Assert.Contains(CertificateChanges.RefusedAction,
                await db.WorkflowJournal.Where(j => j.Payload != null && j.Payload.Contains(proposal)).Select(j => j.Action).ToListAsync());
        }

        // Proposed again, approved: the new values are in the registry, the old ones in the proposal, the public check shows it.
        form = await ReadAsync(await staff.GetAsync(path));
        using (var proposed = await PostAsync(staff, path, form,
                   [new("loai", "Correction"), new("ly-do", "Sai chính tả"), .. Values(form, ("HolderName", "Lê Thị Hoa"), ("Classification", "Xuất sắc"))]))
        {
            Assert.Equal(HttpStatusCode.Redirect, proposed.StatusCode);
        }

        list = await ReadAsync(await admin.GetAsync($"/can-bo/{slug}/van-bang/de-nghi"));
        using (var approved = await PostAsync(admin, $"/can-bo/{slug}/van-bang/de-nghi", list,
                   [new("change", ChangePattern().Match(list).Groups[1].Value), new("quyet-dinh", "duyet"), new("ghi-chu", "")]))
        {
            Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        }

        await UntilFinishedAsync(portal, id);
        await using (var db = database.CreateContext())
        {
            var certificate = await db.Certificates.SingleAsync(c => c.Id == id);
            Assert.Equal(("Lê Thị Hoa", "Xuất sắc", CertificateStatus.Corrected), (certificate.HolderName, certificate.Classification, certificate.Status));
            var approvedRow = await db.CertificateChanges.SingleAsync(c => c.CertificateId == id && c.Status == CertificateChangeStatus.Approved);
            Assert.Equal(
                [("HolderName", "Lê Thi Hoa", "Lê Thị Hoa"), ("Classification", "Giỏi", "Xuất sắc")],
                approvedRow.Fields.Select(f => (f.Field, f.Old, f.New)).ToList());
        }

        using var visitor = new Visitor(portal);
        using var byForm = await visitor.PostFormAsync("/xac-minh-van-bang",
            new Dictionary<string, string> { ["so-hieu"] = "TH2027-000124", ["ho-ten"] = "Lê Thị Hoa", ["ngay-sinh"] = "2009-04-06" });
        var html = await ReadAsync(byForm);
        Assert.Contains("đã được cải chính", html, StringComparison.Ordinal);
        Assert.Contains("Đã cải chính ngày 20/06/2027: Họ tên người được cấp: Lê Thi Hoa → Lê Thị Hoa; Xếp loại: Giỏi → Xuất sắc. Lý do: Sai chính tả", html,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheProposerCannotApproveTheirOwnProposalNeitherOnThePageNorInTheService()
    {
        var (portal, exam, slug) = await StartAsync();
        await using var _ = portal;
        var id = await IdOfAsync(exam, "TH2027-000123");
        var admin = ClientAs(portal, exam.UnitId, PortalRole.UnitAdmin);
        var form = await ReadAsync(await admin.GetAsync($"/can-bo/{slug}/van-bang/{id}/de-nghi"));
        using (var proposed = await PostAsync(admin, $"/can-bo/{slug}/van-bang/{id}/de-nghi", form, [new("loai", "Revocation"), new("ly-do", "Cấp trùng")]))
        {
            Assert.Equal(HttpStatusCode.Redirect, proposed.StatusCode);
        }

        var list = await ReadAsync(await admin.GetAsync($"/can-bo/{slug}/van-bang/de-nghi"));
        Assert.DoesNotContain("value=\"duyet\"", list, StringComparison.Ordinal);
        Assert.Contains("Đề nghị của quý vị", list, StringComparison.Ordinal);
        Guid changeId, proposer;
        await using (var db = database.CreateContext())
        {
            var row = await db.CertificateChanges.SingleAsync(c => c.CertificateId == id);
            (changeId, proposer) = (row.Id, row.ProposedById);
        }

        // A forged post of the approve button is refused by the service.
        using (var forged = await PostAsync(admin, $"/can-bo/{slug}/van-bang/de-nghi", list,
                   [new("change", changeId.ToString()), new("quyet-dinh", "duyet"), new("ghi-chu", "")]))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
            Assert.Contains("không thể duyệt đề nghị do chính mình lập", await ReadAsync(forged), StringComparison.Ordinal);
        }

        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var changes = scope.ServiceProvider.GetRequiredService<CertificateChanges>();
            var refused = await Assert.ThrowsAsync<CertificateChangeRefusedException>(() =>
                changes.DecideAsync(changeId, approve: true, null, new Actor(proposer, PortalRole.UnitAdmin, exam.UnitId, null, "Người đề nghị"), CancellationToken.None));
            Assert.Equal(CertificateChangeRefusal.OwnProposal, refused.Reason);

            // Staff (not a unit admin) of the same unit cannot decide either.
            var staff = await Assert.ThrowsAsync<CertificateChangeRefusedException>(() =>
                changes.DecideAsync(changeId, approve: true, null, new Actor(Guid.NewGuid(), PortalRole.Staff, exam.UnitId, null, "Cán bộ"), CancellationToken.None));
            Assert.Equal(CertificateChangeRefusal.NotAllowed, staff.Reason);
        }

        await using (var db = database.CreateContext())
        {
            Assert.Equal(CertificateChangeStatus.Pending, await db.CertificateChanges.Where(c => c.Id == changeId).Select(c => c.Status).SingleAsync());
            Assert.Equal(CertificateStatus.Valid, await db.Certificates.Where(c => c.Id == id).Select(c => c.Status).SingleAsync());
        }
    }

    [Fact]
    public async Task AnotherUnitsStaffCanNeitherProposeNorDecide()
    {
        var (portal, exam, slug) = await StartAsync();
        await using var _ = portal;
        var id = await IdOfAsync(exam, "TH2027-000123");
        var otherUnit = await OtherUnitAsync();

        // Through the pages: the other unit's staff and admin are refused at this unit's address, and find nothing at their own.
        var outsider = ClientAs(portal, otherUnit.Id, PortalRole.UnitAdmin);
        using (var page = await outsider.GetAsync($"/can-bo/{slug}/van-bang/{id}/de-nghi"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        }

        using (var own = await outsider.GetAsync($"/can-bo/{otherUnit.Slug}/van-bang/{id}/de-nghi"))
        {
            Assert.Equal(HttpStatusCode.NotFound, own.StatusCode);
        }

        await using var scope = portal.Services.CreateAsyncScope();
        var changes = scope.ServiceProvider.GetRequiredService<CertificateChanges>();
        var propose = await Assert.ThrowsAsync<CertificateChangeRefusedException>(() =>
            changes.ProposeRevocationAsync(id, "Cấp sai", new Actor(Guid.NewGuid(), PortalRole.Staff, otherUnit.Id, null, "Cán bộ đơn vị khác"), CancellationToken.None));
        Assert.Equal(CertificateChangeRefusal.OtherUnit, propose.Reason);

        // A proposal of the issuing unit cannot be decided by the other unit's admin.
        var change = await changes.ProposeRevocationAsync(id, "Cấp sai", new Actor(Guid.NewGuid(), PortalRole.Staff, exam.UnitId, null, "Cán bộ"), CancellationToken.None);
        var decide = await Assert.ThrowsAsync<CertificateChangeRefusedException>(() =>
            changes.DecideAsync(change.Id, approve: true, null, new Actor(Guid.NewGuid(), PortalRole.UnitAdmin, otherUnit.Id, null, "Lãnh đạo đơn vị khác"), CancellationToken.None));
        Assert.Equal(CertificateChangeRefusal.OtherUnit, decide.Reason);

        // And a second proposal while one waits is refused.
        var twice = await Assert.ThrowsAsync<CertificateChangeRefusedException>(() =>
            changes.ProposeRevocationAsync(id, "Lần hai", new Actor(Guid.NewGuid(), PortalRole.Staff, exam.UnitId, null, "Cán bộ"), CancellationToken.None));
        Assert.Equal(CertificateChangeRefusal.AlreadyPending, twice.Reason);

        await using var db = database.CreateContext();
        Assert.Equal(CertificateChangeStatus.Pending, await db.CertificateChanges.Where(c => c.Id == change.Id).Select(c => c.Status).SingleAsync());
        Assert.Equal(CertificateStatus.Valid, await db.Certificates.Where(c => c.Id == id).Select(c => c.Status).SingleAsync());
    }

    private async Task<(RunningPortal Portal, ExamFixture Exam, string Slug)> StartAsync()
    {
        await using (var clear = database.DataSource.CreateCommand("DELETE FROM throttle_counters; DELETE FROM certificates"))
        {
            await clear.ExecuteNonQueryAsync();
        }

        var exam = await ExamFixture.CreateAsync(database);
        string slug;
        await using (var db = database.CreateContext())
        {
            Assert.True((await new CertificateRegistry(db, exam.Clock).ImportAsync(exam.UnitId, ExamFixture.File(Registry), CancellationToken.None)).Succeeded);
            slug = await db.Units.Where(u => u.Id == exam.UnitId).Select(u => u.Slug).SingleAsync();
        }

        var portal = await RunningPortal.StartAsync(database.ConnectionString, configure: builder =>
        {
            builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.SchemeName, null);
            builder.Services.Configure<AuthenticationOptions>(o => o.DefaultAuthenticateScheme = HeaderAuthentication.SchemeName);
        }, replaceServices: s => s.AddSingleton<TimeProvider>(exam.Clock));
        await portal.SeedDemoCityAsync();
        return (portal, exam, slug);
    }

    private async Task<Unit> OtherUnitAsync()
    {
        await using var db = database.CreateContext();
        var id = Guid.NewGuid();
        var unit = new Unit
        {
            Id = id, Slug = $"pgd-khac-{id:N}"[..20], NameVi = "Phòng Giáo dục khác", NameEn = "Another district office", Kind = UnitKind.DistrictOffice,
            Address = "2 Lê Lợi", Phone = "028 0000 0001", Email = "khac@test.edu.vn", CreatedAt = ExamFixture.Start,
        };
        db.Units.Add(unit);
        await db.SaveChangesAsync();
        return unit;
    }

    private async Task<Guid> IdOfAsync(ExamFixture exam, string serial)
    {
        await using var db = database.CreateContext();
        return await db.Certificates.Where(c => c.UnitId == exam.UnitId && c.Serial == serial).Select(c => c.Id).SingleAsync();
    }

    private async Task<CertificateStatus> StatusAsync(Guid id)
    {
        await using var db = database.CreateContext();
        return await db.Certificates.Where(c => c.Id == id).Select(c => c.Status).SingleAsync();
    }

    /// <summary>The decision is applied by an automated step on a timer: the portal's worker may take it first, so run it here too and wait.</summary>
    private async Task UntilFinishedAsync(RunningPortal portal, Guid certificateId)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            await using (var scope = portal.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<TimerWorker>().RunOnceAsync(CancellationToken.None);
            }

            await using (var db = database.CreateContext())
            {
                if (!await db.CertificateChanges.AnyAsync(c => c.CertificateId == certificateId && c.Status == CertificateChangeStatus.Pending))
                {
                    return;
                }
            }

            await Task.Delay(100);
        }

        Assert.Fail($"The proposal for {certificateId} was never finished.");
    }

    /// <summary>The correction inputs as the form shows them, with some replaced.</summary>
    private static List<KeyValuePair<string, string>> Values(string form, params (string Field, string Value)[] replaced) =>
    [
        .. CertificateField.All.Select(f => new KeyValuePair<string, string>($"gia-tri-{f}",
            replaced.FirstOrDefault(r => r.Field == f).Value ?? new Regex($"name=\"gia-tri-{f}\" value=\"([^\"]*)\"").Match(form).Groups[1].Value)),
    ];

    private static HttpClient ClientAs(RunningPortal portal, Guid unitId, PortalRole role)
    {
        var client = portal.NewClient();
        client.DefaultRequestHeaders.Add(HeaderAuthentication.Header, PortalClaims.MembershipValue(unitId, role));
        return client;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string page, List<KeyValuePair<string, string>> fields) =>
        client.PostAsync(path, new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", TokenPattern().Match(page).Groups[1].Value)]));

    private static async Task<string> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("name=\"change\" value=\"([^\"]+)\"")]
    private static partial Regex ChangePattern();
}
