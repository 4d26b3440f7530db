using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Services.Data.Identity;
using Services.Tests.Integration.Catalogue;
using Services.Tests.Integration.Infrastructure;
using Services.Web.Security;

namespace Services.Tests.Integration.Workplace;

/// <summary>The system administrator's units and accounts pages over HTTP, on real PostgreSQL; nobody else opens them.</summary>
public sealed partial class AdministrationHttpTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private RunningPortal _portal = null!;

    public async Task InitializeAsync()
    {
        _portal = await RunningPortal.StartAsync(database.ConnectionString, configure: builder =>
        {
            builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.SchemeName, null);
            builder.Services.Configure<AuthenticationOptions>(o => o.DefaultAuthenticateScheme = HeaderAuthentication.SchemeName);
        });
        await _portal.SeedDemoCityAsync();
    }

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task ASchoolAddedByTheSystemAdminHasItsPortalAtItsSlugAtOnce()
    {
        var admin = await ClientAsync("so-gd-dt", PortalRole.SystemAdmin);
        var form = await ReadAsync(await admin.GetAsync("/quan-tri/don-vi/sua"));
        var office = await UnitIdAsync("phong-gd-binh-an");
        using var saved = await admin.PostAsync("/quan-tri/don-vi/sua", Form(form, new()
        {
            ["Input.Slug"] = "th-hoa-mai", ["Input.NameVi"] = "Trường Tiểu học Hoa Mai", ["Input.NameEn"] = "Hoa Mai Primary School",
            ["Input.Kind"] = "PrimarySchool", ["Input.ParentId"] = office.ToString(), ["Input.Address"] = "12 Đường Hoa Mai",
            ["Input.Phone"] = "028 3812 3456", ["Input.Email"] = "thhoamai@demo.edu.vn",
        }));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        using var portal = await _portal.NewClient().GetAsync("/th-hoa-mai");
        Assert.Equal(HttpStatusCode.OK, portal.StatusCode);
        Assert.Contains("Trường Tiểu học Hoa Mai", await ReadAsync(portal), StringComparison.Ordinal);
        Assert.Contains("Trường Tiểu học Hoa Mai", await ReadAsync(await admin.GetAsync("/quan-tri/don-vi")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("can-bo", "Địa chỉ cổng này đã được dùng")]
    [InlineData("th-le-loi", "Địa chỉ cổng này đã được dùng")]
    [InlineData("Trường Mới", "chỉ gồm chữ thường không dấu")]
    public async Task ASlugThatIsTakenReservedOrMalformedIsRefusedInVietnamese(string slug, string message)
    {
        var admin = await ClientAsync("so-gd-dt", PortalRole.SystemAdmin);
        var form = await ReadAsync(await admin.GetAsync("/quan-tri/don-vi/sua"));
        using var refused = await admin.PostAsync("/quan-tri/don-vi/sua", Form(form, new()
        {
            ["Input.Slug"] = slug, ["Input.NameVi"] = "Trường Mới", ["Input.Kind"] = "PrimarySchool", ["Input.ParentId"] = (await UnitIdAsync("phong-gd-binh-an")).ToString(),
        }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains(message, await ReadAsync(refused), StringComparison.Ordinal);
        await using var db = database.CreateContext();
        Assert.False(await db.Units.AnyAsync(u => u.NameVi == "Trường Mới"));
    }

    [Fact]
    public async Task TheSystemAdminAddsAClerkGivesARoleResetsTwoFactorAndDisablesTheAccount()
    {
        var admin = await ClientAsync("so-gd-dt", PortalRole.SystemAdmin);
        var school = await UnitIdAsync("th-le-loi");
        var email = $"canbo-{Guid.NewGuid():N}@demo.edu.vn";
        var list = await ReadAsync(await admin.GetAsync("/quan-tri/tai-khoan"));
        using var created = await admin.PostAsync("/quan-tri/tai-khoan", Form(list, new()
        {
            ["Input.FullName"] = "Trịnh Thu Trang", ["Input.Email"] = email, ["Input.UnitId"] = school.ToString(), ["Input.Role"] = "Staff",
        }));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var accountPath = created.Headers.Location!.OriginalString;

        await using (var db = database.CreateContext())
        {
            var user = await db.Users.Include(u => u.Memberships).SingleAsync(u => u.Email == email);
            var membership = Assert.Single(user.Memberships);
            Assert.Equal((school, PortalRole.Staff), (membership.UnitId, membership.Role));
            Assert.Null(user.PasswordHash); // the invitation's link sets it
        }

        var page = await ReadAsync(await admin.GetAsync(accountPath));
        Assert.Contains("Cán bộ tiếp nhận, xử lý hồ sơ – Trường Tiểu học Lê Lợi", page, StringComparison.Ordinal);
        using var added = await admin.PostAsync(accountPath + "?handler=AddRole", Form(page, new() { ["unitId"] = school.ToString(), ["role"] = "Approver" }));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);

        await using (var db = database.CreateContext())
        {
            var user = await db.Users.SingleAsync(u => u.Email == email);
            user.TwoFactorEnabled = true;
            await db.SaveChangesAsync();
        }

        page = await ReadAsync(await admin.GetAsync(accountPath));
        Assert.Contains("Lãnh đạo phê duyệt – Trường Tiểu học Lê Lợi", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostAsync(accountPath + "?handler=ResetTwoFactor", Form(page, new()))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostAsync(accountPath + "?handler=Disable", Form(page, new()))).StatusCode);

        await using (var db = database.CreateContext())
        {
            var user = await db.Users.SingleAsync(u => u.Email == email);
            Assert.False(user.TwoFactorEnabled);
            Assert.True(user.LockoutEnd > DateTimeOffset.UtcNow.AddYears(100));
        }

        Assert.Contains("Đã khóa", await ReadAsync(await admin.GetAsync(accountPath)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/quan-tri/tai-khoan", PortalRole.UnitAdmin, "th-nguyen-binh-khiem")]
    [InlineData("/quan-tri/don-vi", PortalRole.UnitAdmin, "th-nguyen-binh-khiem")]
    [InlineData("/quan-tri/don-vi/sua", PortalRole.Auditor, "so-gd-dt")]
    public async Task OnlyTheSystemAdminOpensAccountsAndUnits(string path, PortalRole role, string unit)
    {
        using var response = await (await ClientAsync(unit, role)).GetAsync(path);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task AccountAndUnitChangesAreWrittenToTheSignedJournalWithWhoAndWhen()
    {
        var admin = await ClientAsync("so-gd-dt", PortalRole.SystemAdmin);
        var school = await UnitIdAsync("th-le-loi");
        var email = $"nhatky-{Guid.NewGuid():N}@demo.edu.vn";
        var list = await ReadAsync(await admin.GetAsync("/quan-tri/tai-khoan"));
        using var created = await admin.PostAsync("/quan-tri/tai-khoan", Form(list, new()
        {
            ["Input.FullName"] = "Đỗ Minh Châu", ["Input.Email"] = email, ["Input.UnitId"] = school.ToString(), ["Input.Role"] = "Staff",
        }));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var accountPath = created.Headers.Location!.OriginalString;
        var page = await ReadAsync(await admin.GetAsync(accountPath));
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostAsync(accountPath + "?handler=Disable", Form(page, new()))).StatusCode);
        var form = await ReadAsync(await admin.GetAsync("/quan-tri/don-vi/sua"));
        using var unit = await admin.PostAsync("/quan-tri/don-vi/sua", Form(form, new()
        {
            ["Input.Slug"] = "th-nhat-ky", ["Input.NameVi"] = "Trường Tiểu học Nhật Ký", ["Input.Kind"] = "PrimarySchool",
            ["Input.ParentId"] = (await UnitIdAsync("phong-gd-binh-an")).ToString(),
        }));
        Assert.Equal(HttpStatusCode.Redirect, unit.StatusCode);

        await using var db = database.CreateContext();
        var accountId = (await db.Users.SingleAsync(u => u.Email == email)).Id.ToString();
        var entries = await db.WorkflowInstances.Where(i => i.Correlation.StartsWith("QT-"))
            .Join(db.WorkflowJournal, i => i.Id, e => e.InstanceId, (i, e) => new { i.UnitId, e.Action, e.Payload, e.ActorRole, e.OccurredAt, e.Hash })
            .ToListAsync();
        var invited = Assert.Single(entries, e => e.Action == "account.invited" && e.Payload!.Contains(accountId, StringComparison.Ordinal));
        Assert.Equal(school, invited.UnitId);
        Assert.Equal("SystemAdmin", invited.ActorRole);
        Assert.Single(entries, e => e.Action == "account.disabled" && e.Payload!.Contains(accountId, StringComparison.Ordinal));
        Assert.Single(entries, e => e.Action == "unit.created" && e.Payload!.Contains("th-nhat-ky", StringComparison.Ordinal));
        // The chains verify like any dossier's: each line's hash follows from its fields and the line before.
        var verdict = await _portal.Services.GetRequiredService<Services.Workflows.Journal.JournalAudit>().RunAsync(null, default);
        Assert.True(verdict.Intact, string.Join("; ", verdict.Problems));
    }

    [Fact]
    public async Task AUnitAdminInvitesAClerkToTheirOwnUnitAndNoOther()
    {
        var school = await UnitIdAsync("th-le-loi");
        var admin = await ClientAsync("th-le-loi", PortalRole.UnitAdmin);
        var page = await ReadAsync(await admin.GetAsync("/quan-tri/th-le-loi/can-bo"));
        Assert.Contains("Cán bộ của đơn vị", page, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"SystemAdmin\"", page, StringComparison.Ordinal);
        var email = $"moi-{Guid.NewGuid():N}@demo.edu.vn";
        using var invited = await admin.PostAsync("/quan-tri/th-le-loi/can-bo", Form(page, new()
        {
            ["Input.FullName"] = "Phan Thu Hà", ["Input.Email"] = email, ["Input.Role"] = "Staff",
            // A field naming another unit is not read: the unit is the address's.
            ["Input.UnitId"] = (await UnitIdAsync("so-gd-dt")).ToString(),
        }));
        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        Assert.Contains(email, await ReadAsync(await admin.GetAsync("/quan-tri/th-le-loi/can-bo")), StringComparison.Ordinal);

        // No escalation: a role above the unit's is refused, and another unit's page is closed.
        var escalating = $"leo-{Guid.NewGuid():N}@demo.edu.vn";
        using var refused = await admin.PostAsync("/quan-tri/th-le-loi/can-bo", Form(page, new()
        {
            ["Input.FullName"] = "Kẻ Leo Quyền", ["Input.Email"] = escalating, ["Input.Role"] = "SystemAdmin",
        }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("Vui lòng chọn một vai trò của đơn vị.", await ReadAsync(refused), StringComparison.Ordinal);
        using var other = await admin.PostAsync("/quan-tri/th-nguyen-binh-khiem/can-bo", Form(page, new()
        {
            ["Input.FullName"] = "Người Khác", ["Input.Email"] = escalating, ["Input.Role"] = "Staff",
        }));
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);

        await using var db = database.CreateContext();
        var user = await db.Users.Include(u => u.Memberships).SingleAsync(u => u.Email == email);
        var membership = Assert.Single(user.Memberships);
        Assert.Equal((school, PortalRole.Staff), (membership.UnitId, membership.Role));
        Assert.False(await db.Users.AnyAsync(u => u.Email == escalating));
        Assert.True(await db.WorkflowInstances.Where(i => i.Correlation == "QT-" + school.ToString("N"))
            .Join(db.WorkflowJournal, i => i.Id, e => e.InstanceId, (i, e) => e)
            .AnyAsync(e => e.Action == "account.invited" && e.ActorRole == "UnitAdmin" && e.Payload!.Contains(email)));
    }

    private async Task<Guid> UnitIdAsync(string slug)
    {
        await using var db = database.CreateContext();
        return (await db.Units.SingleAsync(u => u.Slug == slug)).Id;
    }

    private async Task<HttpClient> ClientAsync(string unitSlug, PortalRole role)
    {
        var client = _portal.NewClient();
        client.DefaultRequestHeaders.Add(HeaderAuthentication.Header, PortalClaims.MembershipValue(await UnitIdAsync(unitSlug), role));
        return client;
    }

    private static FormUrlEncodedContent Form(string page, Dictionary<string, string> values)
    {
        values["__RequestVerificationToken"] = TokenPattern().Match(page) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException("No antiforgery token on the page.");
        return new FormUrlEncodedContent(values);
    }

    private static async Task<string> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
