using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Services.Data;
using Services.Data.Admissions;
using Services.Data.Dossiers;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Processes;
using Services.Tests.Samples;
using Services.Workflows.Admissions;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Admissions;

/// <summary>
/// The families' text messages reach the SMS gateway's webhook (a real HTTP listener here) through the outbox: none
/// under the embargo; at the publication time one per family, to the parent's phone, saying placed or waiting; and when
/// the confirmation deadline releases an unconfirmed seat, one to the family on the waiting list that is offered it.
/// </summary>
public sealed class AdmissionSmsTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly DateTimeOffset Start = new DateTimeOffset(2027, 7, 5, 9, 0, 0, TimeSpan.FromHours(7)).ToUniversalTime();
    private const string PlacedPhone = "0901000001";
    private const string WaitingPhone = "0901000002";

    [Fact]
    public async Task Result_and_waiting_list_offers_are_posted_to_the_sms_webhook_at_their_time()
    {
        var port = WebProcess.FreePort();

        using var gateway = new HttpListener();
        gateway.Prefixes.Add($"http://127.0.0.1:{port}/sms/");
        gateway.Start();
        var received = new ConcurrentQueue<JsonObject>();
        using var stop = new CancellationTokenSource();
        var listening = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                HttpListenerContext context;
                try
                {
                    context = await gateway.GetContextAsync();
                }
                catch (HttpListenerException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }

                Assert.Equal("POST", context.Request.HttpMethod);
                using (var reader = new StreamReader(context.Request.InputStream))
                {
                    received.Enqueue(JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject());
                }

                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });

        var clock = new ManualClock(Start);
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString,
            new Dictionary<string, string?> { ["Workflows:RunBackgroundWorkers"] = "false", ["Workflows:SmsWebhookUrl"] = $"http://127.0.0.1:{port}/sms/send" },
            replaceServices: s => s.AddSingleton<TimeProvider>(clock));
        await portal.SeedDemoCityAsync();
        Guid campaignId;
        Guid placedId;
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var office = await db.Units.SingleAsync(u => u.Slug == "phong-gd-binh-an");
            var schoolId = (await db.Units.SingleAsync(u => u.Slug == "th-nguyen-binh-khiem")).Id;
            var campaign = new AdmissionCampaign
            {
                UnitId = office.Id, SchoolYear = "2031-2032", Grade = 1, MaxChoices = 1, Seed = "hat-giong-tin-nhan",
                DataConfirmationAt = Start.AddDays(1), RegistrationAt = Start.AddDays(2), VerificationAt = Start.AddDays(5), AllocationAt = Start.AddDays(7),
                ResultsAt = Start.AddDays(9), ConfirmationAt = Start.AddDays(10), SecondRoundAt = Start.AddDays(12), ClosesAt = Start.AddDays(20),
            };
            campaign.Schools.Add(new AdmissionSchool { SchoolId = schoolId, Seats = 1, Classes = 1, ZoneWards = ["Phường Đa Kao"] });
            campaignId = (await scope.ServiceProvider.GetRequiredService<AdmissionCampaigns>().CreateAsync(campaign, Actor.System("test"), default)).Id;
            placedId = await AddVerifiedAsync(db, campaignId, schoolId, "079231000001", "Phường Đa Kao", PlacedPhone);
            await AddVerifiedAsync(db, campaignId, schoolId, "079231000002", "Phường Xa", WaitingPhone);
        }

        // The draw: its messages are written, and none leaves under the embargo.
        await MoveToAsync(portal, clock, Start.AddDays(7));
        await DrainOutboxAsync(portal);
        Assert.Empty(received);

        // The publication: one message per family, to the parent's phone, with the message's stable id.
        await MoveToAsync(portal, clock, Start.AddDays(9));
        await DrainOutboxAsync(portal);
        Assert.Equal(2, received.Count);
        var placed = Assert.Single(received, m => m["to"]!.GetValue<string>() == PlacedPhone);
        Assert.Equal(AdmissionNotices.MessageId(placedId, AdmissionNotices.FirstRound, Services.Data.Workflows.NotificationChannel.Sms).ToString(),
            placed["messageId"]!.GetValue<string>());
        Assert.Contains("trẻ trúng tuyển vào Trường Tiểu học Nguyễn Bỉnh Khiêm (nguyện vọng 1). Xin xác nhận nhập học trực tuyến trước 09:00 17/07/2027.",
            placed["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var waiting = Assert.Single(received, m => m["to"]!.GetValue<string>() == WaitingPhone);
        Assert.Contains("trẻ chưa trúng tuyển và ở trong danh sách chờ", waiting["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("trúng tuyển vào", waiting["text"]!.GetValue<string>(), StringComparison.Ordinal);

        // The placed family does not confirm: at the deadline its seat goes to the waiting list, which is told at once.
        await MoveToAsync(portal, clock, Start.AddDays(12));
        await DrainOutboxAsync(portal);
        Assert.Equal(3, received.Count);
        var offer = received.Last();
        Assert.Equal(WaitingPhone, offer["to"]!.GetValue<string>());
        Assert.Contains("từ danh sách chờ, trẻ trúng tuyển vào Trường Tiểu học Nguyễn Bỉnh Khiêm (nguyện vọng 1).", offer["text"]!.GetValue<string>(), StringComparison.Ordinal);

        await stop.CancelAsync();
        gateway.Stop();
        await listening;
    }

    private static async Task<Guid> AddVerifiedAsync(PortalDbContext db, Guid campaignId, Guid schoolId, string personalId, string ward, string phone)
    {
        var dossier = new Dossier
        {
            Id = Guid.NewGuid(), UnitId = schoolId, ServiceKey = AdmissionService.ServiceKey, ServiceSlug = AdmissionService.Slug, ServiceTitleVi = AdmissionService.TitleVi,
            ServiceTitleEn = AdmissionService.TitleEn, TrackingCode = $"SM{Guid.NewGuid():N}"[..12].ToUpperInvariant(), IdempotencyKey = Guid.NewGuid(),
            ApplicantName = "Phụ huynh", ApplicantDateOfBirth = new DateOnly(1990, 1, 1), ApplicantPhone = phone, SubmittedAt = Start,
        };
        db.Dossiers.Add(dossier);
        var application = new AdmissionApplication
        {
            Id = Guid.NewGuid(), CampaignId = campaignId, DossierId = dossier.Id, PersonalId = personalId, ChildName = $"Trẻ {personalId[^1]}",
            DateOfBirth = new DateOnly(2025, 1, 1), Ward = ward, Residence = ResidenceCategory.Permanent, Choices = [schoolId], Status = AdmissionStatus.Verified,
            CreatedAt = Start,
        };
        db.AdmissionApplications.Add(application);
        await db.SaveChangesAsync();
        return application.Id;
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
