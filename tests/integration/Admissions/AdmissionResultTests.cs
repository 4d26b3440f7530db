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
/// The family's result page over HTTP, with the controllable clock driving the campaign's timers: under embargo it
/// shows only the publication time; after it, the lookup by personal id + date of birth gives the offer with its
/// explanation, a wrong date of birth gets the "not found" answer, and the offer can be confirmed.
/// </summary>
public sealed class AdmissionResultTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly DateTimeOffset Start = new DateTimeOffset(2027, 5, 4, 9, 0, 0, TimeSpan.FromHours(7)).ToUniversalTime();
    private const string Page = "/phong-gd-binh-an/dich-vu/tuyen-sinh/ket-qua";

    [Fact]
    public async Task Results_are_embargoed_then_explained_and_confirmed_online()
    {
        var clock = new ManualClock(Start);
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString,
            new Dictionary<string, string?> { ["Workflows:RunBackgroundWorkers"] = "false" }, replaceServices: s => s.AddSingleton<TimeProvider>(clock));
        await portal.SeedDemoCityAsync();
        Guid campaignId, schoolId;
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var office = await db.Units.SingleAsync(u => u.Slug == "phong-gd-binh-an");
            schoolId = (await db.Units.SingleAsync(u => u.Slug == "th-nguyen-binh-khiem")).Id;
            var campaign = new AdmissionCampaign
            {
                UnitId = office.Id, SchoolYear = "2027-2028", Grade = 1, MaxChoices = 1, Seed = "hat-giong-cong-bo",
                DataConfirmationAt = Start.AddDays(1), RegistrationAt = Start.AddDays(2), VerificationAt = Start.AddDays(5), AllocationAt = Start.AddDays(7),
                ResultsAt = Start.AddDays(9), ConfirmationAt = Start.AddDays(10), SecondRoundAt = Start.AddDays(12), ClosesAt = Start.AddDays(20),
            };
            campaign.Schools.Add(new AdmissionSchool { SchoolId = schoolId, Seats = 1, Classes = 1, ZoneWards = ["Phường Đa Kao"] });
            campaignId = (await scope.ServiceProvider.GetRequiredService<AdmissionCampaigns>().CreateAsync(campaign, Actor.System("test"), default)).Id;
            await AddVerifiedAsync(db, campaignId, schoolId, "079221000001", new DateOnly(2021, 2, 1), "Phường Đa Kao");
            await AddVerifiedAsync(db, campaignId, schoolId, "079221000002", new DateOnly(2021, 3, 1), "Phường Xa");
        }

        await MoveToAsync(portal, clock, Start.AddDays(7));
        using var family = new Visitor(portal);
        // Under embargo the page has no form at all; a post made anyway (with a token from elsewhere) learns nothing either.
        using (var embargoed = await PostAsync(family, Page, Lookup("079221000001", "2021-02-01")))
        {
            var html = await embargoed.Content.ReadAsStringAsync();
            Assert.Contains("id=\"result-embargo\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("result-status", html, StringComparison.Ordinal);
        }

        await MoveToAsync(portal, clock, Start.AddDays(9));
        using (var wrong = await family.PostFormAsync(Page, Lookup("079221000001", "2021-02-02")))
        {
            var html = await wrong.Content.ReadAsStringAsync();
            Assert.Contains("id=\"result-not-found\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("result-status", html, StringComparison.Ordinal);
        }

        using (var placed = await family.PostFormAsync(Page, Lookup("079221000001", "2021-02-01")))
        {
            Assert.Equal(HttpStatusCode.OK, placed.StatusCode);
            var html = await placed.Content.ReadAsStringAsync();
            Assert.Contains("data-status=\"Placed\"", html, StringComparison.Ordinal);
            Assert.Contains("Nguyện vọng 1 – Trường Tiểu học Nguyễn Bỉnh Khiêm: trúng tuyển. Tại trường này trẻ thuộc nhóm A, xếp thứ 1 trên 2", html, StringComparison.Ordinal);
        }

        using (var waiting = await family.PostFormAsync(Page, Lookup("079221000002", "2021-03-01")))
        {
            var html = await waiting.Content.ReadAsStringAsync();
            Assert.Contains("data-status=\"Unplaced\"", html, StringComparison.Ordinal);
            Assert.Contains("trường đã đủ 1 chỉ tiêu", html, StringComparison.Ordinal);
            Assert.Contains("thuộc nhóm D, xếp thứ 2 trên 2; trẻ cuối cùng trúng tuyển thuộc nhóm A, xếp thứ 1", html, StringComparison.Ordinal);
        }

        using (var confirmed = await family.PostFormAsync(Page, Lookup("079221000001", "2021-02-01"), Page + "?handler=Confirm"))
        {
            Assert.Contains("data-status=\"Confirmed\"", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            Assert.Equal(AdmissionStatus.Confirmed, (await db.AdmissionApplications.SingleAsync(a => a.CampaignId == campaignId && a.PersonalId == "079221000001")).Status);
        }
    }

    private static async Task<HttpResponseMessage> PostAsync(Visitor visitor, string path, Dictionary<string, string> fields)
    {
        var values = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = await visitor.AntiforgeryTokenAsync() };
        return await visitor.Http.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent(values));
    }

    private static Dictionary<string, string> Lookup(string personalId, string dateOfBirth) => new() { ["ma-dinh-danh"] = personalId, ["ngay-sinh"] = dateOfBirth };

    private static async Task AddVerifiedAsync(PortalDbContext db, Guid campaignId, Guid schoolId, string personalId, DateOnly born, string ward)
    {
        var dossier = new Dossier
        {
            Id = Guid.NewGuid(), UnitId = schoolId, ServiceKey = AdmissionService.ServiceKey, ServiceSlug = AdmissionService.Slug, ServiceTitleVi = AdmissionService.TitleVi,
            ServiceTitleEn = AdmissionService.TitleEn, TrackingCode = $"KQ{Guid.NewGuid():N}"[..12].ToUpperInvariant(), IdempotencyKey = Guid.NewGuid(),
            ApplicantName = "Phụ huynh", ApplicantDateOfBirth = new DateOnly(1990, 1, 1), SubmittedAt = Start,
        };
        db.Dossiers.Add(dossier);
        db.AdmissionApplications.Add(new AdmissionApplication
        {
            Id = Guid.NewGuid(), CampaignId = campaignId, DossierId = dossier.Id, PersonalId = personalId, ChildName = $"Trẻ {personalId[^1]}", DateOfBirth = born,
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
