using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Admissions;
using Services.Data.Units;
using Services.Web.Units;
using Services.Workflows.Admissions;

namespace Services.Web.Pages.Admissions;

/// <summary>
/// Before applying: the family picks the ward and the residence category and sees, for the district's current
/// campaign, the school(s) whose zone covers the ward, every school's seats and last year's figures, the group the
/// child would stand in at each school (the same rule the draw uses) and the timeline. Opened on the district office
/// or on one of its schools; nothing is stored, so it is a GET.
/// </summary>
public sealed class PreviewModel(PortalDbContext db, CurrentUnit current, AdmissionCampaigns campaigns) : PageModel
{
    public CampaignView Campaign { get; private set; } = null!;
    public Dictionary<Guid, Unit> Schools { get; private set; } = [];
    public IReadOnlyList<string> Wards { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "phuong")]
    public string? Ward { get; set; }

    [BindProperty(SupportsGet = true, Name = "cu-tru")]
    public ResidenceCategory? Residence { get; set; }

    /// <summary>Each participating school with the group the child would be in there; zone schools first.</summary>
    public IReadOnlyList<(AdmissionSchool School, bool InZone, string Group)> Standing { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await campaigns.OpenForAsync(current.Unit.Kind, current.Unit.Id, current.Unit.ParentId, ct) is not { } campaign)
        {
            return NotFound();
        }

        Campaign = campaign;
        var ids = campaign.Campaign.Schools.Select(s => s.SchoolId).ToList();
        Schools = await db.Units.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, ct);
        Wards = campaign.Campaign.Schools.SelectMany(s => s.ZoneWards).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (Ward is { Length: > 0 } ward && Residence is { } residence && Enum.IsDefined(residence))
        {
            var categories = Enum.GetValues<ResidenceCategory>().Length;
            Standing = campaign.Campaign.Schools
                .Select(s =>
                {
                    var standing = SchoolStanding.Of(new MatchSchool(s.SchoolId.ToString(), s.Seats, new HashSet<string>(s.ZoneWards, StringComparer.Ordinal)),
                        new MatchApplicant("", ward, (int)residence, null, []), categories, 0);
                    return (s, s.ZoneWards.Contains(ward, StringComparer.Ordinal), SchoolStanding.GroupLetter(standing.Group));
                })
                .OrderBy(x => x.Item3, StringComparer.Ordinal).ThenBy(x => Schools[x.s.SchoolId].NameVi, StringComparer.Ordinal)
                .ToList();
        }

        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
