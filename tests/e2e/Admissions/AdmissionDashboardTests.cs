using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Services.Data;
using Services.Data.Admissions;
using Services.Data.Dossiers;
using Services.Tests.E2e.Infrastructure;
using Services.Workflows.Admissions;
using Services.Workflows.Runtime;
using static Microsoft.Playwright.Assertions;

namespace Services.Tests.E2e.Admissions;

/// <summary>
/// The district office's campaign dashboard in Chromium, Vietnamese and English, phone and desktop: the office's admin
/// follows the link from the campaign admin page, Chart.js draws the three charts (under the CSP, from the JSON beside
/// each), the tables carry the same figures, and axe-core finds no violation.
/// </summary>
public sealed class AdmissionDashboardTests(InProcessPortal portal) : IClassFixture<InProcessPortal>
{
    private const string Office = "phong-gd-binh-an";
    private static int _year = 2150;

    [Theory]
    [InlineData(1366, 900, "")]
    [InlineData(390, 844, "")]
    [InlineData(1366, 900, "/en")]
    [InlineData(390, 844, "/en")]
    public async Task TheOfficeFollowsTheLinkToItsCampaignsDashboardAndTheChartsAreDrawn(int width, int height, string language)
    {
        portal.Clock.Reset();
        var campaign = await CreateCampaignWithApplicationsAsync();

        var admin = await portal.NewPageAsync(width, height);
        await StaffAccounts.SignInAsync(admin, await StaffAccounts.CreateAsync(portal.ConnectionString, Office, "UnitAdmin", "Trịnh Bảng Số"), $"/quan-tri/{Office}/tuyen-sinh");
        await admin.GotoAsync($"{language}/quan-tri/{Office}/tuyen-sinh");
        await admin.Locator($"section[aria-labelledby='campaign-{campaign.Id}']")
            .GetByRole(AriaRole.Link, new() { Name = language.Length > 0 ? "Dashboard and application downloads" : "Bảng theo dõi và tải hồ sơ" }).ClickAsync();
        await admin.WaitForURLAsync($"**/can-bo/{Office}/tuyen-sinh/{campaign.Id}");
        await Expect(admin.Locator("#dashboard-total")).ToHaveTextAsync(language.Length > 0 ? "Applications in total: 3." : "Tổng số hồ sơ: 3.");

        // Chart.js has drawn every chart: each canvas has a width and a chart attached.
        await Expect(admin.Locator("canvas[data-chart]")).ToHaveCountAsync(3);
        await admin.WaitForFunctionAsync(
            "() => typeof Chart !== 'undefined' && [...document.querySelectorAll('canvas[data-chart]')].every(c => c.width > 0 && Chart.getChart(c) !== undefined)");
        Assert.Equal(2, await admin.EvaluateAsync<int>("() => Chart.getChart(document.querySelector('#chart-days canvas')).data.datasets[0].data.length"));
        await Expect(admin.Locator("#chart-schools tbody tr")).ToHaveCountAsync(1);
        await Expect(admin.Locator("#chart-schools tbody tr td").First).ToHaveTextAsync("2");

        Assert.True(await admin.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            $"{admin.Url} scrolls sideways at {width}px.");
        await Axe.AssertNoViolationsAsync(admin);
    }

    /// <summary>A campaign in registration with three applications over two days.</summary>
    private async Task<AdmissionCampaign> CreateCampaignWithApplicationsAsync()
    {
        var now = portal.Clock.GetUtcNow();
        var year = Interlocked.Increment(ref _year);
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var office = await db.Units.SingleAsync(u => u.Slug == Office);
        var school = await db.Units.SingleAsync(u => u.Slug == "th-nguyen-binh-khiem");
        var campaign = new AdmissionCampaign
        {
            UnitId = office.Id, SchoolYear = $"{year}-{year + 1}", Grade = 1, MaxChoices = 1, Seed = Lottery.NewSeed(),
            DataConfirmationAt = now.AddDays(-2), RegistrationAt = now.AddDays(-1), VerificationAt = now.AddDays(1), AllocationAt = now.AddDays(2),
            ResultsAt = now.AddDays(3), ConfirmationAt = now.AddDays(4), SecondRoundAt = now.AddDays(6), ClosesAt = now.AddDays(10),
        };
        campaign.Schools.Add(new AdmissionSchool { SchoolId = school.Id, Seats = 2, Classes = 1, ZoneWards = ["Phường Đa Kao"] });
        campaign = await scope.ServiceProvider.GetRequiredService<AdmissionCampaigns>().CreateAsync(campaign, Actor.System("e2e"), CancellationToken.None);
        foreach (var (i, at) in new[] { (1, now.AddDays(-1)), (2, now.AddDays(-1)), (3, now) })
        {
            var dossier = new Dossier
            {
                Id = Guid.NewGuid(), UnitId = school.Id, ServiceKey = AdmissionService.ServiceKey, ServiceSlug = AdmissionService.Slug,
                ServiceTitleVi = AdmissionService.TitleVi, ServiceTitleEn = AdmissionService.TitleEn, TrackingCode = $"BD{Guid.NewGuid():N}"[..12].ToUpperInvariant(),
                IdempotencyKey = Guid.NewGuid(), ApplicantName = "Phụ huynh", ApplicantDateOfBirth = new DateOnly(1990, 1, 1), SubmittedAt = at,
            };
            db.Dossiers.Add(dossier);
            db.AdmissionApplications.Add(new AdmissionApplication
            {
                Id = Guid.NewGuid(), CampaignId = campaign.Id, DossierId = dossier.Id, PersonalId = $"0791{year % 100:00}{i:000000}", ChildName = $"Trẻ {i}",
                DateOfBirth = new DateOnly(2020, 1, i), Ward = "Phường Đa Kao", Residence = ResidenceCategory.Permanent, Choices = [school.Id],
                Status = i == 3 ? AdmissionStatus.Submitted : AdmissionStatus.Verified, CreatedAt = at,
            });
        }

        await db.SaveChangesAsync();
        return campaign;
    }
}
