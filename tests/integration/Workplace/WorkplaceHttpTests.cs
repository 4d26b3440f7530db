using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Services.Data;
using Services.Data.GenericForms;
using Services.Data.Identity;
using Services.Tests.Integration.Catalogue;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Samples;
using Services.Web.Security;
using Services.Web.Setup;
using Services.Workflows.Dossiers;
using Services.Workflows.GenericForms;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Workplace;

/// <summary>
/// The staff workplace over HTTP on the real portal: its own navigation for every role with no dead link, and the
/// desk's tabs, search, paging, bulk claim and due dates in words, all filtered by PostgreSQL.
/// </summary>
public sealed partial class WorkplaceHttpTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private const string School = "th-nguyen-binh-khiem";
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero)); // Monday 09:00 in Vietnam
    private RunningPortal _portal = null!;

    public async Task InitializeAsync()
    {
        _portal = await RunningPortal.StartAsync(database.ConnectionString, configure: builder =>
        {
            builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.SchemeName, null);
            builder.Services.Configure<AuthenticationOptions>(o => o.DefaultAuthenticateScheme = HeaderAuthentication.SchemeName);
        }, replaceServices: s => s.AddSingleton<TimeProvider>(_clock));
        await _portal.SeedDemoCityAsync();
    }

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    public static TheoryData<PortalRole, string> DemoRoles => new()
    {
        { PortalRole.Staff, School },
        { PortalRole.Editor, School },
        { PortalRole.Approver, School },
        { PortalRole.UnitAdmin, School },
        { PortalRole.DistrictOfficer, "phong-gd-binh-an" },
        { PortalRole.Auditor, "so-gd-dt" },
        { PortalRole.SystemAdmin, "so-gd-dt" },
    };

    [Theory]
    [MemberData(nameof(DemoRoles))]
    public async Task EveryLinkOfTheWorkplaceAnswersForEachRoleWithoutA403OrA404(PortalRole role, string unit)
    {
        await SubmitAsync("Nguyễn Thị Lan", "0903123456");
        var client = await ClientAsync(unit, role);
        // A clerk of one unit is sent straight to the desk; the desk carries the same navigation.
        using var landing = await client.GetAsync("/can-bo");
        var start = landing.StatusCode == HttpStatusCode.Redirect ? landing.Headers.Location!.OriginalString : "/can-bo";
        var home = await GetPageAsync(client, start);
        Assert.Contains("id=\"back-to-portal\"", home, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"portal-sections\"", home, StringComparison.Ordinal); // not the public menu

        var seen = new HashSet<string>(StringComparer.Ordinal) { start };
        var queue = new Queue<string>(Links(home));
        while (queue.TryDequeue(out var link))
        {
            if (!seen.Add(link))
            {
                continue;
            }

            using var response = await client.GetAsync(link);
            Assert.True(response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.NotFound) && (int)response.StatusCode < 500,
                $"{role}: {link} answered {(int)response.StatusCode}");
            // One level further inside the workplace: the pages the home and navigation open link on to.
            if (response.StatusCode == HttpStatusCode.OK && seen.Count < 40 && IsWorkplace(link))
            {
                foreach (var next in Links(WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync())).Where(IsWorkplace))
                {
                    queue.Enqueue(next);
                }
            }
        }

        Assert.True(seen.Count > 2, $"{role}: the workplace offered no links");
    }

    [Fact]
    public async Task RolesAreNamedInVietnameseAndARoleWithNothingYetSaysSo()
    {
        var approver = await GetPageAsync(await ClientAsync(School, PortalRole.Approver), "/can-bo");
        Assert.Contains("Lãnh đạo phê duyệt", approver, StringComparison.Ordinal);
        Assert.DoesNotContain(">Approver<", approver, StringComparison.Ordinal);
        Assert.Contains("id=\"nothing-yet-approver-th-nguyen-binh-khiem\"", approver, StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"/can-bo/{School}\"", approver, StringComparison.Ordinal); // its desk would answer 403

        var district = await GetPageAsync(await ClientAsync("phong-gd-binh-an", PortalRole.DistrictOfficer), "/can-bo");
        Assert.Contains("Chuyên viên phòng giáo dục", district, StringComparison.Ordinal);
        Assert.Contains($"href=\"/can-bo/phong-gd-binh-an/truong/{School}\"", district, StringComparison.Ordinal);
        Assert.DoesNotContain("/truong/th-le-loi", district, StringComparison.Ordinal); // another office's school
    }

    [Fact]
    public async Task ADistrictOfficerSeesItsSchoolsDeskReadOnlyButNotAnotherOfficesSchool()
    {
        var code = await SubmitAsync("Đỗ Văn Quang", "0912000111");
        var officer = await ClientAsync("phong-gd-binh-an", PortalRole.DistrictOfficer);
        var desk = await GetPageAsync(officer, $"/can-bo/phong-gd-binh-an/truong/{School}?q={Uri.EscapeDataString("Đỗ Văn Quang")}");
        Assert.Contains(code, desk, StringComparison.Ordinal);
        Assert.DoesNotContain("Nhận xử lý", desk, StringComparison.Ordinal);

        using var other = await officer.GetAsync("/can-bo/phong-gd-binh-an/truong/th-le-loi");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task TheDeskFindsADossierByNamePhoneOrCodeAmongManyAndPagesTheRest()
    {
        for (var i = 0; i < 27; i++)
        {
            await SubmitAsync($"Phụ huynh số {i:D2}", $"09880000{i:D2}");
        }

        var wanted = await SubmitAsync("Hoàng Thị Yến", "0977654321");
        var staff = await ClientAsync(School, PortalRole.Staff);

        var first = await GetPageAsync(staff, $"/can-bo/{School}");
        Assert.Equal(25, RowCount(first));
        Assert.Contains("id=\"page-next\"", first, StringComparison.Ordinal);
        var second = await GetPageAsync(staff, $"/can-bo/{School}?tab=cho-tiep-nhan&trang=2");
        Assert.Equal(Count(first, "cho-tiep-nhan") - 25, RowCount(second));

        foreach (var search in new[] { "hoàng thị yến", "654321", wanted[^6..] })
        {
            var found = await GetPageAsync(staff, $"/can-bo/{School}?q={Uri.EscapeDataString(search)}");
            Assert.Equal(1, RowCount(found));
            Assert.Contains(wanted, found, StringComparison.Ordinal);
            Assert.Equal(1, Count(found, "cho-tiep-nhan"));
        }

        var sorted = await GetPageAsync(staff, $"/can-bo/{School}?sap-xep=ten&q={Uri.EscapeDataString("Phụ huynh số")}");
        var names = NamePattern().Matches(sorted).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(25, names.Count);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public async Task BulkClaimMovesTheCheckedDossiersToInProgressAndDueDatesReadInWords()
    {
        var one = await SubmitAsync("Lý Thị Bích", "0909111222");
        var two = await SubmitAsync("Lý Văn Cường", "0909111333");
        var staff = await ClientAsync(School, PortalRole.Staff);
        var page = await GetPageAsync(staff, $"/can-bo/{School}?q=L%C3%BD");
        Assert.Equal(2, Count(page, "cho-tiep-nhan"));
        Assert.Matches("còn \\d+ ngày", page);

        var ids = TaskIdPattern().Matches(page).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Equal(2, ids.Count);
        var form = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", Token(page)) };
        form.AddRange(ids.Select(id => new KeyValuePair<string, string>("taskIds", id)));
        using var claim = await staff.PostAsync($"/can-bo/{School}?handler=Claim", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, claim.StatusCode);

        var after = await GetPageAsync(staff, $"/can-bo/{School}?tab=dang-xu-ly&q=L%C3%BD");
        Assert.Equal(0, Count(after, "cho-tiep-nhan"));
        Assert.Equal(2, Count(after, "dang-xu-ly"));
        Assert.Contains(one, after, StringComparison.Ordinal);
        Assert.Contains(two, after, StringComparison.Ordinal);

        // Past the legal time (leave of absence: one working day), the same dossiers say how late they are, in words.
        _clock.Advance(TimeSpan.FromDays(3));
        var late = await GetPageAsync(staff, $"/can-bo/{School}?tab=qua-han&q=L%C3%BD");
        Assert.Equal(2, Count(late, "qua-han"));
        Assert.Matches("quá hạn \\d+ ngày", late);
        Assert.Contains("class=\"due-overdue\"", late, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDaysListPrintsEveryDossierReceivedThatDay()
    {
        var code = await SubmitAsync("Mai Thị Thu", "0911222333");
        var list = await GetPageAsync(await ClientAsync(School, PortalRole.Staff), $"/can-bo/{School}/danh-sach-trong-ngay");
        Assert.Contains("Danh sách hồ sơ tiếp nhận ngày 23/11/2026", list, StringComparison.Ordinal);
        Assert.Contains(code, list, StringComparison.Ordinal);
        var yesterday = await GetPageAsync(await ClientAsync(School, PortalRole.Staff), $"/can-bo/{School}/danh-sach-trong-ngay?ngay=2026-11-22");
        Assert.DoesNotContain(code, yesterday, StringComparison.Ordinal);
    }

    private static bool IsWorkplace(string link) =>
        link.StartsWith("/can-bo", StringComparison.Ordinal) || link.StartsWith("/quan-tri", StringComparison.Ordinal) || link.StartsWith("/kiem-tra", StringComparison.Ordinal);

    private static IEnumerable<string> Links(string html) =>
        HrefPattern().Matches(html).Select(m => m.Groups[1].Value)
            .Where(h => h.StartsWith('/') && !h.StartsWith("//", StringComparison.Ordinal) && !h.Contains("handler=", StringComparison.Ordinal)
                        && !h.StartsWith("/lib/", StringComparison.Ordinal) && !h.StartsWith("/css/", StringComparison.Ordinal) && !h.StartsWith("/js/", StringComparison.Ordinal));

    private static int RowCount(string html) => TrackingLinkPattern().Count(html);

    private static int Count(string html, string tab) =>
        int.Parse(Regex.Match(html, $"id=\"count-{tab}\">(\\d+)<").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    private async Task<HttpClient> ClientAsync(string unitSlug, PortalRole role)
    {
        await using var db = database.CreateContext();
        var unit = await db.Units.SingleAsync(u => u.Slug == unitSlug);
        var client = _portal.NewClient();
        client.DefaultRequestHeaders.Add(HeaderAuthentication.Header, PortalClaims.MembershipValue(unit.Id, role));
        return client;
    }

    private static async Task<string> GetPageAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}");
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private async Task<string> SubmitAsync(string name, string phone)
    {
        await using var scope = _portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var unit = await db.Units.SingleAsync(u => u.Slug == School);
        var form = await db.OnlineForms.AsNoTracking().SingleAsync(f => f.UnitId == unit.Id && f.Slug == OnlineFormSeed.LeaveOfAbsence);
        var draft = new DossierDraft
        {
            Id = Guid.CreateVersion7(), FormId = form.Id, TokenHash = [],
            Data = new Dictionary<string, string>
            {
                [FormJourney.ApplicantName] = name,
                [FormJourney.ApplicantDateOfBirth] = "1988-04-12",
                [FormJourney.ApplicantPhone] = phone,
            },
        };
        var application = scope.ServiceProvider.GetRequiredService<GenericFormService>()
            .Application(form, draft, unit.NameVi, "https://example.test/tra-cuu-ho-so", new Actor(null, null, null, "127.0.0.1", name));
        return (await scope.ServiceProvider.GetRequiredService<DossierSubmission>().SubmitAsync(application, CancellationToken.None)).TrackingCode;
    }

    private static string Token(string html) =>
        TokenPattern().Match(html) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException("No antiforgery token on the page.");

    [GeneratedRegex("href=\"([^\"#]+)\"")]
    private static partial Regex HrefPattern();

    [GeneratedRegex("href=\"/can-bo/[^/\"]+/ho-so/[^\"]+\"")]
    private static partial Regex TrackingLinkPattern();

    [GeneratedRegex("name=\"taskIds\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex TaskIdPattern();

    [GeneratedRegex("<td>(Phụ huynh số \\d+) <")]
    private static partial Regex NamePattern();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
