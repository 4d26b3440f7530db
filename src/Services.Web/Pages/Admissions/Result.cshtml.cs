using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Admissions;
using Services.Data.Units;
using Services.Web.Security;
using Services.Web.Units;
using Services.Workflows.Admissions;

namespace Services.Web.Pages.Admissions;

/// <summary>
/// The family's result, looked up by the child's personal identification number and date of birth (as HCMC does),
/// through the hardened lookup: a wrong date of birth and an unknown number get the same answer and count against
/// the number. Before the published time the page says only when results come (the embargo holds server-side); after
/// it, the offer with its explanation, and the buttons to confirm or decline while confirmation is open.
/// </summary>
public sealed class ResultModel(PortalDbContext db, CurrentUnit current, AdmissionCampaigns campaigns, LookupGuard guard) : PageModel
{
    private const string LookupKind = "admission";

    [BindProperty(Name = "ma-dinh-danh")]
    public string PersonalId { get; set; } = "";

    [BindProperty(Name = "ngay-sinh")]
    public DateOnly? DateOfBirth { get; set; }

    public CampaignView Campaign { get; private set; } = null!;
    public bool Missing { get; private set; }
    public AdmissionApplication? Application { get; private set; }
    public StoredExplanation? Explanation { get; private set; }
    public Dictionary<Guid, Unit> Schools { get; private set; } = [];
    public ConfirmOutcome? Answered { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostAsync(CancellationToken ct) => LookUpAsync(null, ct);

    public Task<IActionResult> OnPostConfirmAsync(CancellationToken ct) => LookUpAsync(true, ct);

    public Task<IActionResult> OnPostDeclineAsync(CancellationToken ct) => LookUpAsync(false, ct);

    private async Task<IActionResult> LookUpAsync(bool? accept, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        // Under embargo nothing is looked up: the answer is the publication time, the same for everyone.
        if (!Campaign.ResultsPublished)
        {
            return Page();
        }

        PersonalId = PersonalId.Trim();
        if (!AdmissionRequest.IsPersonalId(PersonalId) || DateOfBirth is null)
        {
            Missing = true;
            return Page();
        }

        if (await guard.BeforeAsync(HttpContext, LookupKind, PersonalId, ct) is { } refused)
        {
            return refused;
        }

        var campaignId = Campaign.Campaign.Id;
        var found = await db.AdmissionApplications.AsNoTracking()
            .Where(a => a.CampaignId == campaignId && a.PersonalId == PersonalId && a.Status != AdmissionStatus.Withdrawn).SingleOrDefaultAsync(ct);
        if (found is null || found.DateOfBirth != DateOfBirth)
        {
            await guard.FailedAsync(LookupKind, PersonalId, null, ct);
            Missing = true;
            return Page();
        }

        if (accept is { } yes)
        {
            Answered = await campaigns.AnswerOfferAsync(found.Id, yes, ct);
        }

        if (await campaigns.PlacementOfAsync(found.Id, ct) is var (application, explanation))
        {
            Application = application;
            Explanation = explanation;
        }

        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        var office = AdmissionCampaigns.OfficeOf(current.Unit.Kind, current.Unit.Id, current.Unit.ParentId);
        if (office is null || await campaigns.OfUnitAsync(office.Value, ct) is not [var campaign, ..])
        {
            return false;
        }

        Campaign = campaign;
        var ids = campaign.Campaign.Schools.Select(s => s.SchoolId).ToList();
        Schools = await db.Units.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, ct);
        return true;
    }
}
