using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Services.Data;
using Services.Data.Admissions;
using Services.Data.Dossiers;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Integration.Security;
using Services.Tests.Samples;
using Services.Workflows.Admissions;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Admissions;

/// <summary>
/// The campaign dashboard and the staff's downloads over HTTP, with the controllable clock driving the campaign: the
/// figures are the database's (per school against the quota, per status, per day in Vietnam), only the campaign's
/// office sees them (another office: 403 on the office's address, 404 on its own), and until the results are
/// published neither the figures nor the CSV and Excel files tell anything of the draw.
/// </summary>
public sealed partial class AdmissionDashboardTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    // 09:00 in Vietnam, 02:00 UTC.
    private static readonly DateTimeOffset Start = new DateTimeOffset(2027, 5, 3, 9, 0, 0, TimeSpan.FromHours(7)).ToUniversalTime();
    private const string Officer = "chuyenvien.binhan@demo.edu.vn";

    [Fact]
    public async Task The_dashboard_and_downloads_count_in_the_database_for_the_office_only_and_hold_the_embargo()
    {
        var clock = new ManualClock(Start);
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString,
            new Dictionary<string, string?> { ["Workflows:RunBackgroundWorkers"] = "false" }, replaceServices: s => s.AddSingleton<TimeProvider>(clock));
        await portal.SeedDemoCityAsync();
        Guid campaignId;
        string secondSchool;
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var office = await db.Units.SingleAsync(u => u.Slug == "phong-gd-binh-an");
            var nbk = (await db.Units.SingleAsync(u => u.Slug == "th-nguyen-binh-khiem")).Id;
            var thd = await db.Units.SingleAsync(u => u.Slug == "thcs-tran-hung-dao");
            secondSchool = thd.NameVi;
            var campaign = new AdmissionCampaign
            {
                UnitId = office.Id, SchoolYear = "2030-2031", Grade = 1, MaxChoices = 2, Seed = "hat-giong-bang-theo-doi",
                DataConfirmationAt = Start.AddDays(1), RegistrationAt = Start.AddDays(2), VerificationAt = Start.AddDays(5), AllocationAt = Start.AddDays(7),
                ResultsAt = Start.AddDays(9), ConfirmationAt = Start.AddDays(10), SecondRoundAt = Start.AddDays(12), ClosesAt = Start.AddDays(20),
            };
            campaign.Schools.Add(new AdmissionSchool { SchoolId = nbk, Seats = 1, Classes = 1, ZoneWards = ["Phường Đa Kao"] });
            campaign.Schools.Add(new AdmissionSchool { SchoolId = thd.Id, Seats = 2, Classes = 1, ZoneWards = ["Phường Cầu Kho"] });
            campaignId = (await scope.ServiceProvider.GetRequiredService<AdmissionCampaigns>().CreateAsync(campaign, Actor.System("test"), default)).Id;
            // Vietnam's days: 09:00 and 23:30 on 3 May, then 00:30 (still 3 May in UTC) and the next morning on 4 May.
            await AddAsync(db, campaignId, "079230000001", "Nguyễn Văn An", "Phường Đa Kao", [nbk], AdmissionStatus.Verified, Start);
            await AddAsync(db, campaignId, "079230000002", "=HYPERLINK(\"http://x\")", "Phường Xa", [nbk, thd.Id], AdmissionStatus.Verified, Start.AddHours(14.5));
            await AddAsync(db, campaignId, "079230000003", "Lê Thị Cúc", "Phường Cầu Kho", [thd.Id], AdmissionStatus.Submitted, Start.AddHours(15.5));
            await AddAsync(db, campaignId, "079230000004", "Phạm Văn Dũng", "Phường Đa Kao", [nbk], AdmissionStatus.Withdrawn, Start.AddDays(1));
        }

        var page = $"/can-bo/phong-gd-binh-an/tuyen-sinh/{campaignId}";
        await MoveToAsync(portal, clock, Start.AddDays(3));
        using (var officer = await StaffAsync(portal, Officer, clock))
        {
            var html = await GetOkAsync(officer, page);
            Assert.Contains("Tổng số hồ sơ: 4.", html, StringComparison.Ordinal);
            Assert.Contains("id=\"dashboard-embargo\"", html, StringComparison.Ordinal);
            // Per school: seats, as first choice, ranked at all (the withdrawn application is not counted).
            Assert.Equal(new Dictionary<string, string[]> { ["Trường Tiểu học Nguyễn Bỉnh Khiêm"] = ["1", "2", "2"], [secondSchool] = ["2", "1", "2"] },
                Figure(html, "chart-schools"));
            Assert.Equal(new Dictionary<string, string[]> { ["Đã nộp hồ sơ"] = ["1"], ["Hồ sơ hợp lệ"] = ["2"], ["Đã rút hồ sơ"] = ["1"] },
                Figure(html, "chart-statuses"));
            Assert.Equal(new Dictionary<string, string[]> { ["03/05/2027"] = ["2"], ["04/05/2027"] = ["2"] }, Figure(html, "chart-days"));
            // Each chart is drawn from its figures beside the table; the page loads Chart.js for them.
            Assert.Contains("data-chart=\"chart-days-data\"", html, StringComparison.Ordinal);
            Assert.Contains("chart.umd.min.js", html, StringComparison.Ordinal);

            var english = await GetOkAsync(officer, "/en" + page);
            Assert.Contains("Applications per school against the quota", english, StringComparison.Ordinal);
            Assert.Equal(["2"], Figure(english, "chart-statuses")["Verified"]);
            Assert.Equal(["1", "2", "2"], Figure(english, "chart-schools")["Nguyen Binh Khiem Primary School"]);
        }

        // Another office's officer: refused on this office's address, and its own address does not find the campaign.
        using (var other = await StaffAsync(portal, "chuyenvien.longhoa@demo.edu.vn", clock))
        {
            foreach (var suffix in new[] { "", "?handler=Csv", "?handler=Xlsx" })
            {
                using var refused = await other.GetAsync(page + suffix);
                Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
                using var notFound = await other.GetAsync($"/can-bo/phong-gd-long-hoa/tuyen-sinh/{campaignId}{suffix}");
                Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
            }
        }

        // The draw has run, the results are under embargo: nothing of it in the figures or the files.
        await MoveToAsync(portal, clock, Start.AddDays(7));
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var statuses = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().AdmissionApplications.AsNoTracking()
                .Where(a => a.CampaignId == campaignId).Select(a => a.Status).ToListAsync();
            Assert.Equal(2, statuses.Count(s => s == AdmissionStatus.Placed));
        }

        using (var officer = await StaffAsync(portal, Officer, clock))
        {
            var html = await GetOkAsync(officer, page);
            Assert.Equal(new Dictionary<string, string[]> { ["Đã nộp hồ sơ"] = ["1"], ["Hồ sơ hợp lệ"] = ["2"], ["Đã rút hồ sơ"] = ["1"] },
                Figure(html, "chart-statuses"));
            Assert.DoesNotContain("Chờ xác nhận nhập học", html, StringComparison.Ordinal);

            var csv = await CsvAsync(officer, page);
            Assert.Equal("ma_ho_so,ho_ten,ma_dinh_danh,ngay_sinh,phuong,cu_tru,uu_tien,nguyen_vong,ngay_nop,phu_huynh,dien_thoai,trang_thai", csv[0]);
            Assert.Equal(5, csv.Length);
            Assert.DoesNotContain(csv, l => l.Contains("Placed", StringComparison.Ordinal));
            // A cell typed as a formula is written as text.
            Assert.Contains(csv, l => l.Contains(",\"'=HYPERLINK(\"\"http://x\"\")\",079230000002,", StringComparison.Ordinal));
            Assert.Contains(csv, l => l.Contains("079230000001", StringComparison.Ordinal) && l.EndsWith(",Verified", StringComparison.Ordinal));

            var sheet = await XlsxAsync(officer, page);
            Assert.Equal(12, sheet.Row(1).LastCellUsed()!.Address.ColumnNumber);
            Assert.Equal(5, sheet.LastRowUsed()!.RowNumber());
            Assert.DoesNotContain(sheet.CellsUsed(), c => c.GetString() is "Placed" or "Unplaced");
            Assert.Contains(sheet.CellsUsed(), c => c.GetString() == "=HYPERLINK(\"http://x\")" && !c.HasFormula);
        }

        // Published: the statuses of the draw, and the placement columns.
        await MoveToAsync(portal, clock, Start.AddDays(9));
        using (var officer = await StaffAsync(portal, Officer, clock))
        {
            var html = await GetOkAsync(officer, page);
            Assert.DoesNotContain("id=\"dashboard-embargo\"", html, StringComparison.Ordinal);
            Assert.Equal(new Dictionary<string, string[]> { ["Đã nộp hồ sơ"] = ["1"], ["Chờ xác nhận nhập học"] = ["2"], ["Đã rút hồ sơ"] = ["1"] },
                Figure(html, "chart-statuses"));

            var csv = await CsvAsync(officer, page);
            Assert.EndsWith(",trang_thai,truong_trung_tuyen,nguyen_vong_trung_tuyen", csv[0], StringComparison.Ordinal);
            // The child outside the first school's zone lost its only seat and took the second choice.
            Assert.Contains(csv, l => l.Contains("079230000002", StringComparison.Ordinal) && l.EndsWith($",Placed,{secondSchool},2", StringComparison.Ordinal));
            Assert.Contains(csv, l => l.Contains("079230000001", StringComparison.Ordinal) && l.EndsWith(",Placed,Trường Tiểu học Nguyễn Bỉnh Khiêm,1", StringComparison.Ordinal));

            var sheet = await XlsxAsync(officer, page);
            Assert.Equal("truong_trung_tuyen", sheet.Cell(1, 13).GetString());
            Assert.Contains(sheet.CellsUsed(), c => c.GetString() == secondSchool && c.Address.ColumnNumber == 13);
        }
    }

    private static async Task<string> GetOkAsync(Visitor visitor, string path)
    {
        using var response = await visitor.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private static async Task<string[]> CsvAsync(Visitor visitor, string page)
    {
        using var response = await visitor.GetAsync(page + "?handler=Csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    private static async Task<IXLWorksheet> XlsxAsync(Visitor visitor, string page)
    {
        using var response = await visitor.GetAsync(page + "?handler=Xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        var workbook = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        return workbook.Worksheet(1);
    }

    /// <summary>The table beside a chart: each row's label and its figures.</summary>
    private static Dictionary<string, string[]> Figure(string html, string id)
    {
        var start = html.IndexOf($"<figure class=\"chart\" id=\"{id}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no chart {id}");
        var figure = html[start..html.IndexOf("</figure>", start, StringComparison.Ordinal)];
        return RowPattern().Matches(figure).ToDictionary(m => m.Groups[1].Value.Trim(),
            m => CellPattern().Matches(m.Groups[2].Value).Select(c => c.Groups[1].Value.Trim()).ToArray());
    }

    [GeneratedRegex("<th scope=\"row\">(.*?)</th>(.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex RowPattern();

    [GeneratedRegex("<td[^>]*>(.*?)</td>", RegexOptions.Singleline)]
    private static partial Regex CellPattern();

    private static async Task<Visitor> StaffAsync(RunningPortal portal, string email, ManualClock clock)
    {
        var key = await Visitor.Setup.EnableTwoFactorAsync(portal, email);
        var visitor = new Visitor(portal);
        await visitor.SignInAsStaffAsync(email, key, clock.GetUtcNow());
        return visitor;
    }

    private static async Task AddAsync(PortalDbContext db, Guid campaignId, string personalId, string name, string ward, List<Guid> choices,
        AdmissionStatus status, DateTimeOffset at)
    {
        var dossier = new Dossier
        {
            Id = Guid.NewGuid(), UnitId = choices[0], ServiceKey = AdmissionService.ServiceKey, ServiceSlug = AdmissionService.Slug, ServiceTitleVi = AdmissionService.TitleVi,
            ServiceTitleEn = AdmissionService.TitleEn, TrackingCode = $"BD{Guid.NewGuid():N}"[..12].ToUpperInvariant(), IdempotencyKey = Guid.NewGuid(),
            ApplicantName = "Phụ huynh", ApplicantDateOfBirth = new DateOnly(1990, 1, 1), ApplicantPhone = "0901234567", SubmittedAt = at,
        };
        db.Dossiers.Add(dossier);
        db.AdmissionApplications.Add(new AdmissionApplication
        {
            Id = Guid.NewGuid(), CampaignId = campaignId, DossierId = dossier.Id, PersonalId = personalId, ChildName = name, DateOfBirth = new DateOnly(2024, 2, 3),
            Ward = ward, Residence = ResidenceCategory.Permanent, Choices = choices, Status = status, CreatedAt = at,
        });
        await db.SaveChangesAsync();
    }

    private static async Task MoveToAsync(RunningPortal portal, ManualClock clock, DateTimeOffset to)
    {
        clock.Advance(to - clock.GetUtcNow());
        var timers = portal.Services.GetRequiredService<TimerWorker>();
        while (await timers.RunOnceAsync(CancellationToken.None) > 0)
        {
        }
    }
}
