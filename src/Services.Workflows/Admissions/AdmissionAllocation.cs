using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Admissions;

namespace Services.Workflows.Admissions;

/// <summary>
/// Runs the match for a campaign and keeps its result on the applications; releases the seats nobody confirmed and
/// offers them to the waiting list. Both are re-runnable: the match is deterministic for the campaign's seed, so a step
/// retried after a crash writes the same result again. The families' notices are written with the result, in the same
/// transaction: those of the first round are due at the publication time (<see cref="AdmissionNotices"/>).
/// </summary>
public sealed class AdmissionAllocation(PortalDbContext db, TimeProvider clock)
{
    private static readonly AdmissionStatus[] InFirstRound = [AdmissionStatus.Verified, AdmissionStatus.Placed, AdmissionStatus.Unplaced];

    /// <summary>The first round: every verified application, all seats.</summary>
    public async Task AllocateAsync(Guid campaignId, CancellationToken ct)
    {
        var campaign = await LoadAsync(campaignId, ct);
        await TakeVerificationAsync(campaignId, ct);
        var applications = await ApplicationsAsync(campaignId, InFirstRound, ct);
        var seats = campaign.Schools.ToDictionary(s => s.SchoolId, s => s.Seats);
        Apply(campaign, applications, seats);
        // Under embargo until the results are published: the notices wait in the outbox until then.
        var now = clock.GetUtcNow();
        await AdmissionNotices.AddAsync(db, campaign, applications, AdmissionNotices.FirstRound, campaign.ResultsAt > now ? campaign.ResultsAt : now, now, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The confirmation deadline: offers not confirmed are released, and the free seats (quota minus confirmed) go to
    /// the waiting list, by the same order and seed as the first round.
    /// </summary>
    public async Task ReleaseUnconfirmedAsync(Guid campaignId, CancellationToken ct)
    {
        var campaign = await LoadAsync(campaignId, ct);
        var all = await ApplicationsAsync(campaignId, [AdmissionStatus.Placed, AdmissionStatus.Unplaced, AdmissionStatus.Confirmed], ct);
        foreach (var (application, _) in all.Where(a => a.Application.Status == AdmissionStatus.Placed))
        {
            application.Status = AdmissionStatus.Released;
        }

        var confirmed = all.Where(a => a.Application.Status == AdmissionStatus.Confirmed).GroupBy(a => a.Application.PlacedSchoolId!.Value)
            .ToDictionary(g => g.Key, g => g.Count());
        var seats = campaign.Schools.ToDictionary(s => s.SchoolId, s => Math.Max(0, s.Seats - confirmed.GetValueOrDefault(s.SchoolId)));
        var waiting = all.Where(a => a.Application.Status == AdmissionStatus.Unplaced).ToList();
        Apply(campaign, waiting, seats, secondRound: true);
        // The results are public by now: the waiting list's new offers are told at once.
        var offered = waiting.Where(a => a.Application.Status == AdmissionStatus.Placed).ToList();
        await AdmissionNotices.AddAsync(db, campaign, offered, AdmissionNotices.SecondRound, clock.GetUtcNow(), clock.GetUtcNow(), ct);
        await db.SaveChangesAsync(ct);
    }

    private static void Apply(AdmissionCampaign campaign, List<(AdmissionApplication Application, string Code)> applications, Dictionary<Guid, int> seats, bool secondRound = false)
    {
        var input = new MatchInput(
            campaign.Schools.Select(s => new MatchSchool(s.SchoolId.ToString(), seats[s.SchoolId], new HashSet<string>(s.ZoneWards, StringComparer.Ordinal))).ToList(),
            applications.Select(a => new MatchApplicant(a.Code, a.Application.Ward, (int)a.Application.Residence, a.Application.PriorityOrder,
                a.Application.Choices.Select(c => c.ToString()).ToList())).ToList(),
            Enum.GetValues<ResidenceCategory>().Length, campaign.Seed);
        var result = AdmissionMatch.Run(input);
        foreach (var (application, code) in applications)
        {
            var placement = result.Placements[code];
            application.Status = placement.IsPlaced ? AdmissionStatus.Placed : AdmissionStatus.Unplaced;
            application.PlacedSchoolId = placement.IsPlaced ? Guid.Parse(placement.SchoolCode!) : null;
            application.PlacedChoice = placement.ChoiceNumber;
            application.Explanation = JsonSerializer.Serialize(new StoredExplanation(secondRound, placement));
        }
    }

    /// <summary>Verification is the application workflow's human step: its outcome becomes the application's status before the draw.</summary>
    private async Task TakeVerificationAsync(Guid campaignId, CancellationToken ct)
    {
        const string eligible = AdmissionApplicationWorkflow.Steps.Eligible;
        const string ineligible = AdmissionApplicationWorkflow.Steps.Ineligible;
        const string definition = AdmissionApplicationWorkflow.WorkflowName;
        var verified = nameof(AdmissionStatus.Verified);
        var rejected = nameof(AdmissionStatus.Rejected);
        var submitted = nameof(AdmissionStatus.Submitted);
        await db.Database.ExecuteSqlAsync($"""
            UPDATE admission_applications a
            SET status = CASE WHEN i.current_step = {eligible} THEN {verified} ELSE {rejected} END
            FROM dossiers d JOIN workflow_instances i ON i.correlation = d.tracking_code AND i.definition_name = {definition}
            WHERE a.dossier_id = d.id AND a.campaign_id = {campaignId} AND a.status = {submitted} AND i.current_step IN ({eligible}, {ineligible})
            """, ct);
    }

    private async Task<AdmissionCampaign> LoadAsync(Guid campaignId, CancellationToken ct) =>
        await db.AdmissionCampaigns.Include(c => c.Schools).AsSplitQuery().SingleAsync(c => c.Id == campaignId, ct);

    /// <summary>The applications with their public key for the lottery: the dossier's tracking code.</summary>
    private async Task<List<(AdmissionApplication Application, string Code)>> ApplicationsAsync(Guid campaignId, AdmissionStatus[] statuses, CancellationToken ct)
    {
        var rows = await db.AdmissionApplications.Where(a => a.CampaignId == campaignId && statuses.Contains(a.Status))
            .Join(db.Dossiers, a => a.DossierId, d => d.Id, (a, d) => new { Application = a, d.TrackingCode })
            .ToListAsync(ct);
        return rows.Select(r => (r.Application, r.TrackingCode)).ToList();
    }
}

/// <summary>What an application keeps of the draw: the placement with every choice explained, and which round made it.</summary>
public sealed record StoredExplanation(bool SecondRound, Placement Placement)
{
    public static StoredExplanation? Read(string? json) => json is null ? null : JsonSerializer.Deserialize<StoredExplanation>(json);
}
