using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Units;
using Services.Web.Units;
using Services.Workflows.Admissions;

namespace Services.Web.Pages.Admissions;

/// <summary>
/// The published lists of the district's current campaign, one school at a time: the candidates (danh sách dự tuyển)
/// at any time, and the admitted children (danh sách trúng tuyển) only once the results are published — before that
/// the draw is not even read (<see cref="AdmissionCampaigns.AdmittedAsync"/>) and the page gives the publication time.
/// Names and personal ids are masked (<see cref="PublicMask"/>).
/// </summary>
public sealed class ListsModel(PortalDbContext db, CurrentUnit current, AdmissionCampaigns campaigns) : PageModel
{
    public CampaignView Campaign { get; private set; } = null!;
    public IReadOnlyList<Unit> Schools { get; private set; } = [];
    public Unit School { get; private set; } = null!;
    public IReadOnlyList<ListedApplicant> Candidates { get; private set; } = [];

    /// <summary>Null while the results are under embargo.</summary>
    public IReadOnlyList<ListedApplicant>? Admitted { get; private set; }

    /// <summary>The school shown, by its slug; by default the school the page is opened on, else the first by name.</summary>
    [BindProperty(SupportsGet = true, Name = "truong")]
    public string? SchoolSlug { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await campaigns.OpenForAsync(current.Unit.Kind, current.Unit.Id, current.Unit.ParentId, ct) is not { } campaign)
        {
            return NotFound();
        }

        Campaign = campaign;
        var ids = campaign.Campaign.Schools.Select(s => s.SchoolId).ToList();
        Schools = await db.Units.AsNoTracking().Where(u => ids.Contains(u.Id)).OrderBy(u => u.NameVi).ToListAsync(ct);
        School = Schools.FirstOrDefault(s => s.Slug == SchoolSlug) ?? Schools.FirstOrDefault(s => s.Id == current.Unit.Id) ?? Schools[0];
        Candidates = await campaigns.CandidatesAsync(campaign.Campaign.Id, School.Id, ct);
        Admitted = await campaigns.AdmittedAsync(campaign, School.Id, ct);
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
