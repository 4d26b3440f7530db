using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Units;
using Services.Web.Units;
using Services.Workflows.Admissions;

namespace Services.Web.Pages.Admissions;

/// <summary>
/// The admissions information page Circular 37 asks for, one campaign at a time: the plan (schools, seats, choices),
/// the announcement (who may apply, seats and zones per school, the method and priority groups, the application,
/// how to apply), the timeline, and the ways in (apply, the zone-school preview, the lists, the result). Written from
/// the campaign itself, so it never disagrees with what the draw does. By default the district's current campaign;
/// <c>?dot=</c> picks another of the district's campaigns.
/// </summary>
public sealed class InfoModel(PortalDbContext db, CurrentUnit current, AdmissionCampaigns campaigns) : PageModel
{
    public CampaignView Campaign { get; private set; } = null!;
    public IReadOnlyList<CampaignView> All { get; private set; } = [];
    public Dictionary<Guid, Unit> Schools { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "dot")]
    public Guid? CampaignId { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var office = AdmissionCampaigns.OfficeOf(current.Unit.Kind, current.Unit.Id, current.Unit.ParentId);
        All = office is null ? [] : await campaigns.OfUnitAsync(office.Value, ct);
        var chosen = CampaignId is { } id
            ? All.FirstOrDefault(c => c.Campaign.Id == id)
            : AdmissionCampaigns.Open(All) ?? (All.Count > 0 ? All[0] : null);
        if (chosen is null)
        {
            return NotFound();
        }

        Campaign = chosen;
        var ids = chosen.Campaign.Schools.Select(s => s.SchoolId).ToList();
        Schools = await db.Units.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, ct);
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    /// <summary>Whether the families' pages (apply, preview, lists, result) are about this campaign: they show the current one.</summary>
    public bool IsCurrent => AdmissionCampaigns.Open(All)?.Campaign.Id == Campaign.Campaign.Id;
}
