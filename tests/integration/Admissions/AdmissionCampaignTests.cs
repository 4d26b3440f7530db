using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Services.Data;
using Services.Data.Admissions;
using Services.Data.Dossiers;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Integration.Workflows;
using Services.Tests.Samples;
using Services.Workflows.Admissions;
using Services.Workflows.Runtime;
using Phases = Services.Workflows.Admissions.AdmissionCampaignWorkflow.Phases;

namespace Services.Tests.Integration.Admissions;

/// <summary>
/// A campaign on real PostgreSQL with the controllable clock: its phases move on durable timers, the draw runs when
/// verification ends, results stay under embargo until their date, and unconfirmed seats go to the waiting list.
/// </summary>
public sealed class AdmissionCampaignTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly DateTimeOffset Start = new DateTimeOffset(2027, 5, 4, 9, 0, 0, TimeSpan.FromHours(7)).ToUniversalTime();

    [Fact]
    public async Task A_campaign_moves_through_its_phases_draws_under_embargo_and_releases_unconfirmed_seats()
    {
        using var mail = new TempDirectory();
        var clock = new ManualClock(Start);
        await using var node = WorkflowNode.Start(database, clock, mail.Path);
        var office = await TestUnit.CreateAsync(database.DataSource);
        var schoolA = await TestUnit.CreateAsync(database.DataSource);
        var schoolB = await TestUnit.CreateAsync(database.DataSource);

        Guid campaignId;
        await using (var scope = node.Services.CreateAsyncScope())
        {
            var campaign = new AdmissionCampaign
            {
                UnitId = office.Id, SchoolYear = "2027-2028", Grade = 1, MaxChoices = 2, Seed = "hat-giong-cong-bo",
                DataConfirmationAt = Start.AddDays(1), RegistrationAt = Start.AddDays(2), VerificationAt = Start.AddDays(5), AllocationAt = Start.AddDays(7),
                ResultsAt = Start.AddDays(9), ConfirmationAt = Start.AddDays(10), SecondRoundAt = Start.AddDays(12), ClosesAt = Start.AddDays(20),
            };
            campaign.Schools.Add(new AdmissionSchool { SchoolId = schoolA.Id, Seats = 2, Classes = 1, ZoneWards = ["Phường 1"] });
            campaign.Schools.Add(new AdmissionSchool { SchoolId = schoolB.Id, Seats = 1, Classes = 1, ZoneWards = ["Phường 2"] });
            campaign.PriorityGroups.Add(new AdmissionPriorityGroup { Order = 0, NameVi = "Con liệt sĩ", NameEn = "Child of a fallen soldier" });
            campaignId = (await scope.ServiceProvider.GetRequiredService<AdmissionCampaigns>().CreateAsync(campaign, Actor.System("test"), default)).Id;
        }

        Assert.Equal(Phases.Announced, await PhaseAsync(node, campaignId));
        await MoveToAsync(node, clock, Start.AddDays(2));
        Assert.Equal(Phases.Registration, await PhaseAsync(node, campaignId));

        // Five children for three seats: two in school A's zone, one with priority out of zone, two in school B's zone.
        var an = await ApplyAsync(node, campaignId, "Phường 1", ResidenceCategory.Permanent, null, schoolA.Id, schoolB.Id);
        var binh = await ApplyAsync(node, campaignId, "Phường 1", ResidenceCategory.Current, null, schoolA.Id);
        var chi = await ApplyAsync(node, campaignId, "Phường 9", ResidenceCategory.Permanent, 0, schoolA.Id, schoolB.Id);
        var dung = await ApplyAsync(node, campaignId, "Phường 2", ResidenceCategory.Permanent, null, schoolB.Id, schoolA.Id);
        var em = await ApplyAsync(node, campaignId, "Phường 2", ResidenceCategory.Current, null, schoolB.Id);

        await MoveToAsync(node, clock, Start.AddDays(7));
        Assert.Equal(Phases.Embargo, await PhaseAsync(node, campaignId));

        // Drawn, but nobody can read it yet: not the family, not staff, not an export.
        await using (var scope = node.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            Assert.Equal(3, await db.AdmissionApplications.CountAsync(a => a.CampaignId == campaignId && a.Status == AdmissionStatus.Placed));
            var campaigns = scope.ServiceProvider.GetRequiredService<AdmissionCampaigns>();
            Assert.Null(await campaigns.PlacementOfAsync(an, default));
            Assert.Equal(ConfirmOutcome.NotNow, await campaigns.AnswerOfferAsync(an, accept: true, default));
        }

        await MoveToAsync(node, clock, Start.AddDays(9));
        Assert.Equal(Phases.Results, await PhaseAsync(node, campaignId));
        await using (var scope = node.Services.CreateAsyncScope())
        {
            var campaigns = scope.ServiceProvider.GetRequiredService<AdmissionCampaigns>();
            // A: An (in zone, permanent) and Binh (in zone, current) stand before Chi (out of zone, even with priority);
            // B: Dung (in zone) before Chi; Em loses to Dung in zone by residence category.
            Assert.Equal((schoolA.Id, 1), await PlacedAsync(campaigns, an));
            Assert.Equal((schoolA.Id, 1), await PlacedAsync(campaigns, binh));
            Assert.Equal((schoolB.Id, 1), await PlacedAsync(campaigns, dung));
            Assert.Null((await PlacedAsync(campaigns, chi)).School);
            Assert.Null((await PlacedAsync(campaigns, em)).School);

            var chiExplained = (await campaigns.PlacementOfAsync(chi, default))!.Value.Explanation!.Placement;
            Assert.All(chiExplained.Choices, c => Assert.Equal(ChoiceOutcome.Full, c.Outcome));
            Assert.Equal(3, chiExplained.Choices[0].Rank);
            Assert.Equal(2, chiExplained.Choices[0].CutoffRank);

            Assert.Equal(ConfirmOutcome.Done, await campaigns.AnswerOfferAsync(an, accept: true, default));
            Assert.Equal(ConfirmOutcome.Done, await campaigns.AnswerOfferAsync(dung, accept: false, default));
            Assert.Equal(ConfirmOutcome.NoOffer, await campaigns.AnswerOfferAsync(chi, accept: true, default));
        }

        // Binh never answers: at the deadline the seat goes back, and the waiting list (Chi, Em) gets the free seats
        // in the schools' order: Chi at A (Binh's seat), Em at B (Dung declined).
        await MoveToAsync(node, clock, Start.AddDays(12));
        Assert.Equal(Phases.SecondRound, await PhaseAsync(node, campaignId));
        await using (var scope = node.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var rows = await db.AdmissionApplications.AsNoTracking().Where(a => a.CampaignId == campaignId).ToDictionaryAsync(a => a.Id);
            Assert.Equal(AdmissionStatus.Confirmed, rows[an].Status);
            Assert.Equal(AdmissionStatus.Released, rows[binh].Status);
            Assert.Equal(AdmissionStatus.Declined, rows[dung].Status);
            Assert.Equal((AdmissionStatus.Placed, schoolA.Id), (rows[chi].Status, rows[chi].PlacedSchoolId!.Value));
            Assert.Equal((AdmissionStatus.Placed, schoolB.Id), (rows[em].Status, rows[em].PlacedSchoolId!.Value));
            Assert.True(StoredExplanation.Read(rows[chi].Explanation)!.SecondRound);
        }

        await MoveToAsync(node, clock, Start.AddDays(20));
        Assert.Equal(Phases.Closed, await PhaseAsync(node, campaignId));
    }

    [Fact]
    public async Task A_child_has_one_active_application_per_campaign()
    {
        using var mail = new TempDirectory();
        var clock = new ManualClock(Start);
        await using var node = WorkflowNode.Start(database, clock, mail.Path);
        var office = await TestUnit.CreateAsync(database.DataSource);
        var school = await TestUnit.CreateAsync(database.DataSource);
        Guid campaignId;
        await using (var scope = node.Services.CreateAsyncScope())
        {
            var campaign = new AdmissionCampaign
            {
                UnitId = office.Id, SchoolYear = "2027-2028", Grade = 6, MaxChoices = 1, Seed = "s",
                DataConfirmationAt = Start, RegistrationAt = Start, VerificationAt = Start.AddDays(1), AllocationAt = Start.AddDays(2),
                ResultsAt = Start.AddDays(3), ConfirmationAt = Start.AddDays(4), SecondRoundAt = Start.AddDays(5), ClosesAt = Start.AddDays(6),
            };
            campaign.Schools.Add(new AdmissionSchool { SchoolId = school.Id, Seats = 1, Classes = 1, ZoneWards = ["Phường 1"] });
            campaignId = (await scope.ServiceProvider.GetRequiredService<AdmissionCampaigns>().CreateAsync(campaign, Actor.System("test"), default)).Id;
        }

        const string personalId = "079218000123";
        await ApplyAsync(node, campaignId, "Phường 1", ResidenceCategory.Permanent, null, [school.Id], personalId);
        var second = await Assert.ThrowsAsync<DbUpdateException>(() => ApplyAsync(node, campaignId, "Phường 1", ResidenceCategory.Permanent, null, [school.Id], personalId));
        Assert.Contains("ix_admission_applications_campaign_id_personal_id", second.InnerException!.Message, StringComparison.Ordinal);
    }

    private static Task<Guid> ApplyAsync(WorkflowNode node, Guid campaignId, string ward, ResidenceCategory residence, int? priority, params Guid[] choices) =>
        ApplyAsync(node, campaignId, ward, residence, priority, choices, $"0792180{Random.Shared.Next(10000, 99999)}");

    /// <summary>A verified application with its dossier, as verification leaves it.</summary>
    private static async Task<Guid> ApplyAsync(WorkflowNode node, Guid campaignId, string ward, ResidenceCategory residence, int? priority, Guid[] choices,
        string personalId)
    {
        await using var scope = node.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var campaign = await db.AdmissionCampaigns.SingleAsync(c => c.Id == campaignId);
        var dossier = new Dossier
        {
            Id = Guid.NewGuid(), UnitId = campaign.UnitId, ServiceKey = "test-admission", ServiceSlug = "tuyen-sinh", ServiceTitleVi = "Tuyển sinh",
            ServiceTitleEn = "Admission", TrackingCode = $"TS{Guid.NewGuid():N}"[..12].ToUpperInvariant(), IdempotencyKey = Guid.NewGuid(),
            ApplicantName = "Phụ huynh", ApplicantDateOfBirth = new DateOnly(1990, 1, 1), SubmittedAt = Start,
        };
        var application = new AdmissionApplication
        {
            Id = Guid.NewGuid(), CampaignId = campaignId, DossierId = dossier.Id, PersonalId = personalId, ChildName = "Học sinh",
            DateOfBirth = new DateOnly(2021, 3, 3), Ward = ward, Residence = residence, PriorityOrder = priority, Choices = [.. choices],
            Status = AdmissionStatus.Verified, CreatedAt = Start,
        };
        db.Dossiers.Add(dossier);
        db.AdmissionApplications.Add(application);
        await db.SaveChangesAsync();
        return application.Id;
    }

    private static async Task<(Guid? School, int? Choice)> PlacedAsync(AdmissionCampaigns campaigns, Guid applicationId)
    {
        var (application, _) = (await campaigns.PlacementOfAsync(applicationId, default))!.Value;
        return (application.Status == AdmissionStatus.Placed ? application.PlacedSchoolId : null, application.PlacedChoice);
    }

    private static async Task MoveToAsync(WorkflowNode node, ManualClock clock, DateTimeOffset to)
    {
        clock.Advance(to - clock.GetUtcNow());
        await node.FireDueTimersAsync();
    }

    private static async Task<string?> PhaseAsync(WorkflowNode node, Guid campaignId)
    {
        await using var scope = node.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<AdmissionCampaigns>().FindAsync(campaignId, default))!.Phase;
    }
}
