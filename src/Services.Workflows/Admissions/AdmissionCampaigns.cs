using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Admissions;
using Services.Data.Units;
using Services.Workflows.Runtime;
using Phases = Services.Workflows.Admissions.AdmissionCampaignWorkflow.Phases;

namespace Services.Workflows.Admissions;

/// <summary>A campaign with the phase its workflow instance is in.</summary>
public sealed record CampaignView(AdmissionCampaign Campaign, string? Phase)
{
    public bool ResultsPublished => Phases.ResultsPublished(Phase);
    public bool RegistrationOpen => Phases.RegistrationOpen(Phase);

    /// <summary>Offers may be confirmed or declined from the publication of results until the release of unconfirmed seats.</summary>
    public bool ConfirmationOpen => Phase is Phases.Results or Phases.Confirmation;
}

/// <summary>A child as the public lists show it: masked name and personal id, the choice number, whether the documents were verified.</summary>
public sealed record ListedApplicant(string Name, string PersonalId, int Choice, bool Verified);

public enum ConfirmOutcome
{
    Done,
    NotFound,
    NotNow,
    NoOffer,
}

/// <summary>
/// Campaigns: created with their seed and started on the campaign workflow, read with their phase, and the family's
/// answer to an offer. Results are read only through <see cref="PlacementOfAsync"/>, which applies the embargo.
/// </summary>
public sealed class AdmissionCampaigns(PortalDbContext db, WorkflowRuntime runtime, CampaignDefinitions definitions, TimeProvider clock)
{
    public async Task<AdmissionCampaign> CreateAsync(AdmissionCampaign campaign, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        campaign.Id = campaign.Id == Guid.Empty ? Guid.NewGuid() : campaign.Id;
        campaign.CreatedAt = clock.GetUtcNow();
        // PostgreSQL keeps instants; the forms give them in Vietnam's time.
        campaign.DataConfirmationAt = campaign.DataConfirmationAt.ToUniversalTime();
        campaign.RegistrationAt = campaign.RegistrationAt.ToUniversalTime();
        campaign.VerificationAt = campaign.VerificationAt.ToUniversalTime();
        campaign.AllocationAt = campaign.AllocationAt.ToUniversalTime();
        campaign.ResultsAt = campaign.ResultsAt.ToUniversalTime();
        campaign.ConfirmationAt = campaign.ConfirmationAt.ToUniversalTime();
        campaign.SecondRoundAt = campaign.SecondRoundAt.ToUniversalTime();
        campaign.ClosesAt = campaign.ClosesAt.ToUniversalTime();
        db.AdmissionCampaigns.Add(campaign);
        await db.SaveChangesAsync(ct);

        var started = await runtime.StartAsync(AdmissionCampaignWorkflow.WorkflowName, campaign.UnitId, $"TS-{campaign.Id:N}", StateOf(campaign), actor, ct);
        campaign.WorkflowInstanceId = started.InstanceId;
        await db.SaveChangesAsync(ct);
        return campaign;
    }

    /// <summary>The district office whose campaigns a unit's pages show: the office itself, or a school's parent.</summary>
    public static Guid? OfficeOf(UnitKind kind, Guid unitId, Guid? parentId) => kind == UnitKind.DistrictOffice ? unitId : parentId;

    /// <summary>The campaign families apply to and follow: the newest of the office's that is not closed.</summary>
    public static CampaignView? Open(IReadOnlyList<CampaignView> campaigns) =>
        campaigns.FirstOrDefault(c => c.Phase != AdmissionCampaignWorkflow.Phases.Closed);

    /// <summary>The open campaign of the unit's district office (see <see cref="OfficeOf"/>), if there is one.</summary>
    public async Task<CampaignView?> OpenForAsync(UnitKind kind, Guid unitId, Guid? parentId, CancellationToken ct) =>
        OfficeOf(kind, unitId, parentId) is { } office ? Open(await OfUnitAsync(office, ct)) : null;

    /// <summary>The unit's campaigns, newest school year first, each with its phase read now (the definitions from <see cref="CampaignDefinitions"/>).</summary>
    public async Task<IReadOnlyList<CampaignView>> OfUnitAsync(Guid unitId, CancellationToken ct)
    {
        var phases = await db.AdmissionCampaigns.AsNoTracking()
            .Where(c => c.UnitId == unitId).OrderByDescending(c => c.SchoolYear).ThenBy(c => c.Grade)
            .Select(c => new { c.Id, Phase = db.WorkflowInstances.Where(i => i.Id == c.WorkflowInstanceId).Select(i => i.CurrentStep).FirstOrDefault() })
            .ToListAsync(ct);
        var missing = phases.Where(p => definitions.Find(p.Id) is null).Select(p => p.Id).ToList();
        var loaded = missing.Count == 0
            ? []
            : await db.AdmissionCampaigns.AsNoTracking().Include(c => c.Schools).Include(c => c.PriorityGroups).AsSplitQuery()
                .Where(c => missing.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        foreach (var campaign in loaded.Values)
        {
            definitions.Keep(campaign);
        }

        return phases.Select(p => new CampaignView(definitions.Find(p.Id) ?? loaded[p.Id], p.Phase)).ToList();
    }

    public async Task<CampaignView?> FindAsync(Guid campaignId, CancellationToken ct)
    {
        var campaign = await db.AdmissionCampaigns.AsNoTracking().Include(c => c.Schools).Include(c => c.PriorityGroups).AsSplitQuery()
            .SingleOrDefaultAsync(c => c.Id == campaignId, ct);
        return campaign is null ? null : new CampaignView(campaign, await PhaseAsync(campaign, ct));
    }

    /// <summary>
    /// The draw's result for one application, or null while the results are under embargo: the only way pages,
    /// exports and lookups read a placement, so the embargo holds for staff as for families.
    /// </summary>
    public async Task<(AdmissionApplication Application, StoredExplanation? Explanation)?> PlacementOfAsync(Guid applicationId, CancellationToken ct)
    {
        var application = await db.AdmissionApplications.AsNoTracking().SingleOrDefaultAsync(a => a.Id == applicationId, ct);
        if (application is null || await FindAsync(application.CampaignId, ct) is not { ResultsPublished: true })
        {
            return null;
        }

        return (application, StoredExplanation.Read(application.Explanation));
    }

    /// <summary>
    /// The public candidate list (danh sách dự tuyển) of one school: every application that ranks it and has not been
    /// withdrawn or found ineligible, masked (<see cref="PublicMask"/>), with its choice number and whether its documents
    /// have been verified. It tells nothing of the draw, so it may be shown at any time.
    /// </summary>
    public async Task<IReadOnlyList<ListedApplicant>> CandidatesAsync(Guid campaignId, Guid schoolId, CancellationToken ct)
    {
        var rows = await (
            from a in db.AdmissionApplications.AsNoTracking()
            where a.CampaignId == campaignId && a.Choices.Contains(schoolId) && a.Status != AdmissionStatus.Withdrawn && a.Status != AdmissionStatus.Rejected
            join d in db.Dossiers.AsNoTracking() on a.DossierId equals d.Id
            from i in db.WorkflowInstances.AsNoTracking()
                .Where(i => i.Correlation == d.TrackingCode && i.DefinitionName == AdmissionApplicationWorkflow.WorkflowName).DefaultIfEmpty()
            select new { a.ChildName, a.PersonalId, a.Choices, a.Status, Step = i == null ? null : i.CurrentStep }).ToListAsync(ct);
        return rows.Where(r => r.Step != AdmissionApplicationWorkflow.Steps.Ineligible)
            .Select(r => new ListedApplicant(PublicMask.Name(r.ChildName), PublicMask.PersonalId(r.PersonalId), r.Choices.IndexOf(schoolId) + 1,
                r.Status != AdmissionStatus.Submitted || r.Step == AdmissionApplicationWorkflow.Steps.Eligible))
            .OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.PersonalId, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The public list of admitted children (danh sách trúng tuyển) of one school, masked; null while the results are
    /// under embargo, when nothing of the draw is even read.
    /// </summary>
    public async Task<IReadOnlyList<ListedApplicant>?> AdmittedAsync(CampaignView campaign, Guid schoolId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        if (!campaign.ResultsPublished)
        {
            return null;
        }

        var campaignId = campaign.Campaign.Id;
        var rows = await db.AdmissionApplications.AsNoTracking()
            .Where(a => a.CampaignId == campaignId && a.PlacedSchoolId == schoolId && (a.Status == AdmissionStatus.Placed || a.Status == AdmissionStatus.Confirmed))
            .Select(a => new { a.ChildName, a.PersonalId, a.PlacedChoice }).ToListAsync(ct);
        return rows.Select(r => new ListedApplicant(PublicMask.Name(r.ChildName), PublicMask.PersonalId(r.PersonalId), r.PlacedChoice ?? 0, true))
            .OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.PersonalId, StringComparer.Ordinal).ToList();
    }

    /// <summary>The family confirms (or declines) the offered seat, while confirmation is open.</summary>
    public async Task<ConfirmOutcome> AnswerOfferAsync(Guid applicationId, bool accept, CancellationToken ct)
    {
        var application = await db.AdmissionApplications.SingleOrDefaultAsync(a => a.Id == applicationId, ct);
        if (application is null)
        {
            return ConfirmOutcome.NotFound;
        }

        if (await FindAsync(application.CampaignId, ct) is not { ConfirmationOpen: true })
        {
            return ConfirmOutcome.NotNow;
        }

        if (application.Status != AdmissionStatus.Placed)
        {
            return ConfirmOutcome.NoOffer;
        }

        application.Status = accept ? AdmissionStatus.Confirmed : AdmissionStatus.Declined;
        await db.SaveChangesAsync(ct);
        return ConfirmOutcome.Done;
    }

    private async Task<string?> PhaseAsync(AdmissionCampaign campaign, CancellationToken ct) =>
        campaign.WorkflowInstanceId is { } id
            ? await db.WorkflowInstances.AsNoTracking().Where(i => i.Id == id).Select(i => i.CurrentStep).SingleOrDefaultAsync(ct)
            : null;

    private static JsonObject StateOf(AdmissionCampaign c)
    {
        static string Iso(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);
        return new JsonObject
        {
            [AdmissionCampaignWorkflow.Dates.CampaignId] = c.Id.ToString(),
            [AdmissionCampaignWorkflow.Dates.DataConfirmationAt] = Iso(c.DataConfirmationAt),
            [AdmissionCampaignWorkflow.Dates.RegistrationAt] = Iso(c.RegistrationAt),
            [AdmissionCampaignWorkflow.Dates.VerificationAt] = Iso(c.VerificationAt),
            [AdmissionCampaignWorkflow.Dates.AllocationAt] = Iso(c.AllocationAt),
            [AdmissionCampaignWorkflow.Dates.ResultsAt] = Iso(c.ResultsAt),
            [AdmissionCampaignWorkflow.Dates.ConfirmationAt] = Iso(c.ConfirmationAt),
            [AdmissionCampaignWorkflow.Dates.SecondRoundAt] = Iso(c.SecondRoundAt),
            [AdmissionCampaignWorkflow.Dates.ClosesAt] = Iso(c.ClosesAt),
        };
    }
}
