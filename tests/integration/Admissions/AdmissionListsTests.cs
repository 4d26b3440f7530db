using System.Net;
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
/// The public lists over HTTP, with the controllable clock driving the campaign: the candidates are listed, masked,
/// from registration on; the admitted list is not served — and the draw's result is nowhere in the page — until the
/// publication time, then it is, masked. The information page and the preview lead to both.
/// </summary>
public sealed class AdmissionListsTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly DateTimeOffset Start = new DateTimeOffset(2027, 4, 6, 9, 0, 0, TimeSpan.FromHours(7)).ToUniversalTime();
    private const string Lists = "/phong-gd-binh-an/dich-vu/tuyen-sinh/danh-sach?truong=th-nguyen-binh-khiem";

    [Fact]
    public async Task The_admitted_list_is_served_only_after_publication_and_every_list_is_masked()
    {
        var clock = new ManualClock(Start);
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString,
            new Dictionary<string, string?> { ["Workflows:RunBackgroundWorkers"] = "false" }, replaceServices: s => s.AddSingleton<TimeProvider>(clock));
        await portal.SeedDemoCityAsync();
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var office = await db.Units.SingleAsync(u => u.Slug == "phong-gd-binh-an");
            var schoolId = (await db.Units.SingleAsync(u => u.Slug == "th-nguyen-binh-khiem")).Id;
            var campaign = new AdmissionCampaign
            {
                UnitId = office.Id, SchoolYear = "2029-2030", Grade = 1, MaxChoices = 1, Seed = "hat-giong-danh-sach",
                DataConfirmationAt = Start.AddDays(1), RegistrationAt = Start.AddDays(2), VerificationAt = Start.AddDays(5), AllocationAt = Start.AddDays(7),
                ResultsAt = Start.AddDays(9), ConfirmationAt = Start.AddDays(10), SecondRoundAt = Start.AddDays(12), ClosesAt = Start.AddDays(20),
            };
            campaign.Schools.Add(new AdmissionSchool { SchoolId = schoolId, Seats = 1, Classes = 1, ZoneWards = ["Phường Đa Kao"] });
            var campaignId = (await scope.ServiceProvider.GetRequiredService<AdmissionCampaigns>().CreateAsync(campaign, Actor.System("test"), default)).Id;
            await AddVerifiedAsync(db, campaignId, schoolId, "079223000001", "Nguyễn Văn An", "Phường Đa Kao");
            await AddVerifiedAsync(db, campaignId, schoolId, "079223000002", "Trần Thị Bích Ngọc", "Phường Xa");
        }

        using var visitor = new Visitor(portal);
        await MoveToAsync(portal, clock, Start.AddDays(3));
        foreach (var moment in new[] { "registration", "after the draw, under embargo" })
        {
            if (moment != "registration")
            {
                await MoveToAsync(portal, clock, Start.AddDays(7));
            }

            var html = await GetOkAsync(visitor, Lists);
            // The candidates, masked: family name and initials, the id's last three digits.
            Assert.Contains("Nguyễn V. A.", html, StringComparison.Ordinal);
            Assert.Contains("Trần T. B. N.", html, StringComparison.Ordinal);
            Assert.Contains("*********001", html, StringComparison.Ordinal);
            Assert.DoesNotContain("Nguyễn Văn An", html, StringComparison.Ordinal);
            Assert.DoesNotContain("079223000001", html, StringComparison.Ordinal);
            // No admitted list: only when it will be published.
            Assert.Contains("id=\"admitted-embargo\"", html, StringComparison.Ordinal);
            Assert.Contains("Danh sách trúng tuyển được công bố lúc 09:00 15/04/2027.", html, StringComparison.Ordinal);
            Assert.DoesNotContain("id=\"admitted-list\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("trẻ trúng tuyển trên", html, StringComparison.Ordinal);
        }

        await MoveToAsync(portal, clock, Start.AddDays(9));
        var published = await GetOkAsync(visitor, Lists);
        var admitted = published[published.IndexOf("id=\"admitted\"", StringComparison.Ordinal)..];
        Assert.Contains("id=\"admitted-list\"", admitted, StringComparison.Ordinal);
        Assert.Contains("1 trẻ trúng tuyển trên 1 chỉ tiêu.", admitted, StringComparison.Ordinal);
        Assert.Contains("Nguyễn V. A.", admitted, StringComparison.Ordinal);
        Assert.Contains("*********001", admitted, StringComparison.Ordinal);
        Assert.DoesNotContain("Trần T. B. N.", admitted, StringComparison.Ordinal);
        Assert.DoesNotContain("Nguyễn Văn An", published, StringComparison.Ordinal);
        Assert.DoesNotContain("079223000001", published, StringComparison.Ordinal);

        var english = await GetOkAsync(visitor, "/en" + Lists);
        Assert.Contains("Admitted children – Nguyen Binh Khiem Primary School", english, StringComparison.Ordinal);
        Assert.Contains("Nguyễn V. A.", english, StringComparison.Ordinal);

        // The families' pages lead to the information page and the lists; the information page is the campaign's.
        var preview = await GetOkAsync(visitor, "/th-nguyen-binh-khiem/dich-vu/tuyen-sinh");
        Assert.Contains("href=\"/th-nguyen-binh-khiem/dich-vu/tuyen-sinh/thong-tin\"", preview, StringComparison.Ordinal);
        Assert.Contains("href=\"/th-nguyen-binh-khiem/dich-vu/tuyen-sinh/danh-sach\"", preview, StringComparison.Ordinal);
        var info = await GetOkAsync(visitor, "/th-nguyen-binh-khiem/dich-vu/tuyen-sinh/thong-tin");
        Assert.Contains("Tuyển sinh lớp 1 năm học 2029-2030", info, StringComparison.Ordinal);
        Assert.Contains("1 trường tham gia với tổng chỉ tiêu 1 học sinh (1 lớp); mỗi hồ sơ đăng ký tối đa 1 nguyện vọng.", info, StringComparison.Ordinal);
        Assert.Contains("Phường Đa Kao", info, StringComparison.Ordinal);
        Assert.Contains("hat-giong-danh-sach", info, StringComparison.Ordinal);
        Assert.Contains("href=\"/th-nguyen-binh-khiem/dich-vu/tuyen-sinh/danh-sach\"", info, StringComparison.Ordinal);
        Assert.Contains("09:00 15/04/2027", info, StringComparison.Ordinal);
        using var noCampaign = await visitor.GetAsync("/th-le-loi/dich-vu/tuyen-sinh/danh-sach");
        Assert.Equal(HttpStatusCode.NotFound, noCampaign.StatusCode);
    }

    private static async Task<string> GetOkAsync(Visitor visitor, string path)
    {
        using var response = await visitor.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private static async Task AddVerifiedAsync(PortalDbContext db, Guid campaignId, Guid schoolId, string personalId, string name, string ward)
    {
        var dossier = new Dossier
        {
            Id = Guid.NewGuid(), UnitId = schoolId, ServiceKey = AdmissionService.ServiceKey, ServiceSlug = AdmissionService.Slug, ServiceTitleVi = AdmissionService.TitleVi,
            ServiceTitleEn = AdmissionService.TitleEn, TrackingCode = $"DS{Guid.NewGuid():N}"[..12].ToUpperInvariant(), IdempotencyKey = Guid.NewGuid(),
            ApplicantName = "Phụ huynh", ApplicantDateOfBirth = new DateOnly(1990, 1, 1), SubmittedAt = Start,
        };
        db.Dossiers.Add(dossier);
        db.AdmissionApplications.Add(new AdmissionApplication
        {
            Id = Guid.NewGuid(), CampaignId = campaignId, DossierId = dossier.Id, PersonalId = personalId, ChildName = name, DateOfBirth = new DateOnly(2023, 1, 1),
            Ward = ward, Residence = ResidenceCategory.Permanent, Choices = [schoolId], Status = AdmissionStatus.Verified, CreatedAt = Start,
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
