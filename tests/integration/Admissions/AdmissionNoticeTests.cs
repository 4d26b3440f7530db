using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Services.Data;
using Services.Data.Admissions;
using Services.Data.Dossiers;
using Services.Data.Identity;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Samples;
using Services.Workflows.Admissions;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Admissions;

/// <summary>
/// The families' result notices respect the embargo: the draw writes them, but neither the e-mail (pickup folder) nor
/// the in-app notice leaves before the publication time, even with the outbox drained and the portal restarted in
/// between; at the publication time each family gets exactly one of each, also when the draw was re-run.
/// </summary>
public sealed class AdmissionNoticeTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly DateTimeOffset Start = new DateTimeOffset(2027, 6, 1, 9, 0, 0, TimeSpan.FromHours(7)).ToUniversalTime();

    [Fact]
    public async Task Result_notices_wait_in_the_outbox_until_the_publication_time_and_survive_a_restart()
    {
        var clock = new ManualClock(Start);
        var mailFolder = Path.Combine(Path.GetTempPath(), $"admission-notices-{Guid.NewGuid():N}");
        var settings = new Dictionary<string, string?> { ["Workflows:RunBackgroundWorkers"] = "false", ["Mail:PickupDirectory"] = mailFolder };
        var families = new List<(string Email, Guid UserId, string PersonalId)>();
        Guid campaignId;
        DateTimeOffset resultsAt;

        await using (var portal = await RunningPortal.StartAsync(database.ConnectionString, settings, replaceServices: s => s.AddSingleton<TimeProvider>(clock)))
        {
            await portal.SeedDemoCityAsync();
            await using (var scope = portal.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
                var office = await db.Units.SingleAsync(u => u.Slug == "phong-gd-binh-an");
                var schoolId = (await db.Units.SingleAsync(u => u.Slug == "th-nguyen-binh-khiem")).Id;
                var campaign = new AdmissionCampaign
                {
                    UnitId = office.Id, SchoolYear = "2028-2029", Grade = 1, MaxChoices = 1, Seed = "hat-giong-thong-bao",
                    DataConfirmationAt = Start.AddDays(1), RegistrationAt = Start.AddDays(2), VerificationAt = Start.AddDays(5), AllocationAt = Start.AddDays(7),
                    ResultsAt = Start.AddDays(9), ConfirmationAt = Start.AddDays(10), SecondRoundAt = Start.AddDays(12), ClosesAt = Start.AddDays(20),
                };
                campaign.Schools.Add(new AdmissionSchool { SchoolId = schoolId, Seats = 1, Classes = 1, ZoneWards = ["Phường Đa Kao"] });
                campaignId = (await scope.ServiceProvider.GetRequiredService<AdmissionCampaigns>().CreateAsync(campaign, Actor.System("test"), default)).Id;
                resultsAt = campaign.ResultsAt;
                var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
                foreach (var (personalId, ward) in new[] { ("079222000001", "Phường Đa Kao"), ("079222000002", "Phường Xa") })
                {
                    var email = $"phu-huynh-{Guid.NewGuid():N}@example.vn";
                    var user = new PortalUser { Id = Guid.CreateVersion7(), UserName = email, Email = email, EmailConfirmed = true, FullName = "Phụ huynh", CreatedAt = Start };
                    Assert.True((await users.CreateAsync(user, "Mat-khau-thu-nghiem-1")).Succeeded);
                    await AddVerifiedAsync(db, campaignId, schoolId, personalId, ward, email, user.Id);
                    families.Add((email, user.Id, personalId));
                }
            }

            // Registration and verification close, the draw runs: the result exists, the notices are written, nothing leaves.
            await MoveToAsync(portal, clock, Start.AddDays(7));
            await AssertPhaseAsync(portal, campaignId, AdmissionCampaignWorkflow.Phases.Embargo);
            await DrainOutboxAsync(portal);
            await using (var scope = portal.Services.CreateAsyncScope())
            {
                // A draw run again (a retried step) writes the same result and no second notice.
                await scope.ServiceProvider.GetRequiredService<AdmissionAllocation>().AllocateAsync(campaignId, default);
                var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
                var recipients = families.SelectMany(f => new[] { f.Email, f.UserId.ToString() }).ToList();
                var queued = await db.OutboxMessages.AsNoTracking().Where(m => recipients.Contains(m.Recipient)).ToListAsync();
                Assert.Equal(4, queued.Count);
                Assert.All(queued, m => Assert.Equal((Services.Data.Workflows.OutboxStatus.Pending, resultsAt), (m.Status, m.NextAttemptAt)));
            }

            await AssertDeliveredAsync(portal, mailFolder, families, expected: 0);
        }

        // A restart under embargo, one minute before the publication: still nothing.
        clock.Advance(resultsAt.AddMinutes(-1) - clock.GetUtcNow());
        await using (var portal = await RunningPortal.StartAsync(database.ConnectionString, settings, replaceServices: s => s.AddSingleton<TimeProvider>(clock)))
        {
            await MoveToAsync(portal, clock, clock.GetUtcNow());
            await DrainOutboxAsync(portal);
            await AssertDeliveredAsync(portal, mailFolder, families, expected: 0);

            // The publication time: each family is told exactly once, by e-mail and in the portal.
            await MoveToAsync(portal, clock, resultsAt);
            await AssertPhaseAsync(portal, campaignId, AdmissionCampaignWorkflow.Phases.Results);
            await DrainOutboxAsync(portal);
            await DrainOutboxAsync(portal);
            await AssertDeliveredAsync(portal, mailFolder, families, expected: 1);

            var placed = await MailToAsync(mailFolder, families[0].Email);
            Assert.Contains("Trẻ trúng tuyển vào Trường Tiểu học Nguyễn Bỉnh Khiêm (nguyện vọng 1)", Assert.Single(placed).TextBody, StringComparison.Ordinal);
            var waiting = await MailToAsync(mailFolder, families[1].Email);
            Assert.Contains("danh sách chờ", Assert.Single(waiting).TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain("Trẻ trúng tuyển vào", waiting[0].TextBody, StringComparison.Ordinal);
        }
    }

    private static async Task AssertDeliveredAsync(RunningPortal portal, string mailFolder, List<(string Email, Guid UserId, string PersonalId)> families, int expected)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        foreach (var family in families)
        {
            Assert.Equal(expected, (await MailToAsync(mailFolder, family.Email)).Count);
            var notices = await db.Notifications.AsNoTracking().Where(n => n.UserId == family.UserId).ToListAsync();
            Assert.Equal(expected, notices.Count);
            Assert.All(notices, n => Assert.StartsWith("[", n.Title, StringComparison.Ordinal));
        }
    }

    private static async Task<List<MimeMessage>> MailToAsync(string folder, string address)
    {
        var messages = new List<MimeMessage>();
        if (!Directory.Exists(folder))
        {
            return messages;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*.eml"))
        {
            var message = await MimeMessage.LoadAsync(file);
            if (message.To.Mailboxes.Any(m => string.Equals(m.Address, address, StringComparison.OrdinalIgnoreCase)))
            {
                messages.Add(message);
            }
        }

        return messages;
    }

    private static async Task AddVerifiedAsync(PortalDbContext db, Guid campaignId, Guid schoolId, string personalId, string ward, string email, Guid userId)
    {
        var dossier = new Dossier
        {
            Id = Guid.NewGuid(), UnitId = schoolId, ServiceKey = AdmissionService.ServiceKey, ServiceSlug = AdmissionService.Slug, ServiceTitleVi = AdmissionService.TitleVi,
            ServiceTitleEn = AdmissionService.TitleEn, TrackingCode = $"TB{Guid.NewGuid():N}"[..12].ToUpperInvariant(), IdempotencyKey = Guid.NewGuid(),
            ApplicantName = "Phụ huynh", ApplicantDateOfBirth = new DateOnly(1990, 1, 1), ApplicantEmail = email, ApplicantUserId = userId, SubmittedAt = Start,
        };
        db.Dossiers.Add(dossier);
        db.AdmissionApplications.Add(new AdmissionApplication
        {
            Id = Guid.NewGuid(), CampaignId = campaignId, DossierId = dossier.Id, PersonalId = personalId, ChildName = $"Trẻ {personalId[^1]}",
            DateOfBirth = new DateOnly(2022, 1, 1), Ward = ward, Residence = ResidenceCategory.Permanent, Choices = [schoolId], Status = AdmissionStatus.Verified,
            CreatedAt = Start,
        });
        await db.SaveChangesAsync();
    }

    private static async Task AssertPhaseAsync(RunningPortal portal, Guid campaignId, string phase)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        Assert.Equal(phase, (await scope.ServiceProvider.GetRequiredService<AdmissionCampaigns>().FindAsync(campaignId, default))!.Phase);
    }

    private static async Task DrainOutboxAsync(RunningPortal portal)
    {
        var outbox = portal.Services.GetRequiredService<OutboxDispatcher>();
        while (await outbox.RunOnceAsync(CancellationToken.None) > 0)
        {
        }
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
