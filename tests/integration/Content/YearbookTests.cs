using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Services.Data;
using Services.Data.Content;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Integration.Security;
using Services.Tests.Samples;

namespace Services.Tests.Integration.Content;

/// <summary>
/// The statistics yearbook on the real portal and PostgreSQL: the last five school years by the portal's clock as
/// CSV (parsed back against the database), typed and imported by the unit's editor, refused to another unit's staff.
/// </summary>
public sealed class YearbookTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string School = "th-nguyen-binh-khiem";
    private const string OtherSchool = "th-le-loi";
    private const string Editor = "bientap.nbk@demo.edu.vn";
    private static readonly string[] FiveYears = ["2022-2023", "2023-2024", "2024-2025", "2025-2026", "2026-2027"];

    [Fact]
    public async Task TheCsvHoldsTheLastFiveSchoolYearsAndAnOfficeCountsItsSchools()
    {
        await using var portal = await StartAsync();
        await using var db = database.CreateContext();
        var school = await db.Units.AsNoTracking().SingleAsync(u => u.Slug == School);
        var office = await db.Units.AsNoTracking().SingleAsync(u => u.Id == school.ParentId);
        // A year before the five is kept in the database but is no longer the yearbook's.
        db.YearbookEntries.Add(new YearbookEntry { UnitId = school.Id, SchoolYear = "2021-2022", Schools = 1, Classes = 9, UpdatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();

        var rows = await CsvAsync(portal, School);
        Assert.Equal(FiveYears, rows.Select(r => r[0]));
        var stored = await db.YearbookEntries.AsNoTracking().Where(e => e.UnitId == school.Id && e.SchoolYear != "2021-2022").OrderBy(e => e.SchoolYear).ToListAsync();
        Assert.Equal(stored.Select(e => $"{e.SchoolYear},{e.Schools},{e.Classes},{e.Teachers},{e.Pupils},{e.Classrooms}"), rows.Select(r => string.Join(',', r)));

        var schools = await db.Units.AsNoTracking().Where(u => u.ParentId == office.Id).Select(u => u.Id).ToListAsync();
        var officeRows = await CsvAsync(portal, office.Slug);
        // 2022-2023: a year the other test leaves alone (the office's totals are seeded, not recounted).
        var pupils = await db.YearbookEntries.AsNoTracking().Where(e => schools.Contains(e.UnitId) && e.SchoolYear == "2022-2023").SumAsync(e => e.Pupils);
        Assert.Equal(["2022-2023", schools.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)], officeRows[0][..2]);
        Assert.Equal(pupils.ToString(System.Globalization.CultureInfo.InvariantCulture), officeRows[0][4]);

        var html = await portal.Client.GetStringAsync($"/{School}/nien-giam-thong-ke");
        Assert.Contains("id=\"yearbook-schools\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"yearbook-people\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("2021-2022", html, StringComparison.Ordinal);
        Assert.Contains($"/{School}/nien-giam-thong-ke", await portal.Client.GetStringAsync($"/{School}/cong-khai"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheUnitsEditorTypesAndImportsFiguresAndAnotherUnitsPageRefusesThem()
    {
        var clock = Clock();
        await using var portal = await StartAsync(clock);
        await using var db = database.CreateContext();
        var schoolId = await db.Units.Where(u => u.Slug == School).Select(u => u.Id).SingleAsync();
        var key = await Visitor.Setup.EnableTwoFactorAsync(portal, Editor);
        using var editor = new Visitor(portal);
        await editor.SignInAsStaffAsync(Editor, key, clock.GetUtcNow());
        var page = $"/quan-tri/{School}/nien-giam";

        using (var typed = await editor.PostFormAsync(page, new Dictionary<string, string>
        {
            ["truong-2026-2027"] = "1", ["lop-2026-2027"] = "31", ["giao-vien-2026-2027"] = "47", ["hoc-sinh-2026-2027"] = "1088", ["phong-hoc-2026-2027"] = "30",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, typed.StatusCode);
        }

        Assert.Equal("2026-2027,1,31,47,1088,30", string.Join(',', (await CsvAsync(portal, School))[^1]));
        Assert.Equal("2025-2026", (await CsvAsync(portal, School))[^2][0]); // the other years kept as they were

        // A figure that is not a whole number: refused, nothing stored.
        using (var refused = await editor.PostFormAsync(page, new Dictionary<string, string>
        {
            ["truong-2025-2026"] = "1", ["lop-2025-2026"] = "3,5", ["giao-vien-2025-2026"] = "47", ["hoc-sinh-2025-2026"] = "1000", ["phong-hoc-2025-2026"] = "30",
        }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        }

        Assert.NotEqual(1000, await PupilsAsync(db, schoolId, "2025-2026"));

        // A file with one bad line saves nothing; the corrected file saves every line.
        const string header = "so_hoc_sinh,nam_hoc,so_truong,so_lop,so_giao_vien,so_phong_hoc\n";
        using (var bad = await ImportAsync(editor, page, header + "900,2025-2026,1,28,40,27\n950,2019-2020,1,28,40,27\n"))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
            // The problem's line (the header is line 1) and column.
            Assert.Contains("<td>3</td><td>nam_hoc</td>", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.NotEqual(900, await PupilsAsync(db, schoolId, "2025-2026"));
        using (var good = await ImportAsync(editor, page, header + "900,2025-2026,1,28,40,27\n870,2024-2025,1,27,39,26\n"))
        {
            Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        }

        Assert.Equal(900, await PupilsAsync(db, schoolId, "2025-2026"));
        Assert.Equal(870, await PupilsAsync(db, schoolId, "2024-2025"));

        // The editor of one school has nothing to do with another's yearbook.
        var otherId = await db.Units.Where(u => u.Slug == OtherSchool).Select(u => u.Id).SingleAsync();
        var before = await PupilsAsync(db, otherId, "2026-2027");
        using (var look = await editor.GetAsync($"/quan-tri/{OtherSchool}/nien-giam"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, look.StatusCode);
        }

        using (var write = await editor.PostFormAsync(page, new Dictionary<string, string>
        {
            ["truong-2026-2027"] = "1", ["lop-2026-2027"] = "1", ["giao-vien-2026-2027"] = "1", ["hoc-sinh-2026-2027"] = "1", ["phong-hoc-2026-2027"] = "1",
        }, action: $"/quan-tri/{OtherSchool}/nien-giam"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        }

        Assert.Equal(before, await PupilsAsync(db, otherId, "2026-2027"));
        Assert.NotEqual(1, before);
    }

    /// <summary>October 2026: the current school year is 2026-2027.</summary>
    private static ManualClock Clock() => new(new DateTimeOffset(2026, 10, 5, 9, 0, 0, TimeSpan.FromHours(7)));

    private async Task<RunningPortal> StartAsync(ManualClock? clock = null)
    {
        clock ??= Clock();
        var portal = await RunningPortal.StartAsync(database.ConnectionString, replaceServices: s => s.AddSingleton<TimeProvider>(clock));
        await portal.SeedDemoCityAsync();
        return portal;
    }

    private static Task<int> PupilsAsync(PortalDbContext db, Guid unitId, string year) =>
        db.YearbookEntries.AsNoTracking().Where(e => e.UnitId == unitId && e.SchoolYear == year).Select(e => e.Pupils).SingleAsync();

    private static async Task<HttpResponseMessage> ImportAsync(Visitor editor, string page, string csv)
    {
        var token = await editor.AntiforgeryTokenAsync();
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "tep", "nien-giam.csv" },
        };
        return await editor.Http.PostAsync(new Uri($"{page}?handler=Import", UriKind.Relative), form);
    }

    /// <summary>The public CSV download, its header checked, as rows of cells.</summary>
    private static async Task<IReadOnlyList<string[]>> CsvAsync(RunningPortal portal, string unit)
    {
        using var response = await portal.Client.GetAsync($"/{unit}/nien-giam-thong-ke?handler=Csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("nam_hoc,so_truong,so_lop,so_giao_vien,so_hoc_sinh,so_phong_hoc", lines[0]);
        return [.. lines.Skip(1).Select(l => l.Split(','))];
    }
}
