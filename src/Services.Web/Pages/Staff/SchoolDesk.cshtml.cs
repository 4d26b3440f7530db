using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Services.Data.Identity;
using Services.Web.Security;
using Services.Web.Units;
using Services.Workflows.Dossiers;

namespace Services.Web.Pages.Staff;

/// <summary>
/// A district office's read-only look at one of its schools' desks: the same tabs and search, nothing to claim or
/// decide. Only the office's own schools exist here; only its district officers and admins open it.
/// </summary>
public sealed class SchoolDeskModel(DeskQueries desk, UnitDirectory units, CurrentUnit current) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "tab")]
    public string? TabSlug { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "trang")]
    public int PageNumber { get; set; } = 1;

    public UnitView School { get; private set; } = null!;
    public DeskTab Tab => IndexModel.Tabs.FirstOrDefault(x => x.Slug == TabSlug, IndexModel.Tabs[0]).Tab;
    public DeskPage Result { get; private set; } = new([], new(0, 0, 0, 0, 0), 1, 1);

    public async Task<IActionResult> OnGetAsync(string school, CancellationToken ct)
    {
        var district = current.Unit;
        if (!User.HasRoleIn(district.Id, [PortalRole.DistrictOfficer, PortalRole.UnitAdmin]))
        {
            return Forbid();
        }

        if (await units.FindBySlugAsync(school, ct) is not { } found || found.ParentId != district.Id)
        {
            return NotFound();
        }

        School = found;
        Result = await desk.ListAsync(new DeskQuery(found.Id, Enum.GetValues<PortalRole>()) { Tab = Tab, Search = Search, Page = PageNumber }, ct);
        return Page();
    }

    public string Link(DeskTab tab, int page = 1) =>
        Url.Content($"~/can-bo/{current.Unit.Slug}/truong/{School.Slug}") + QueryString.Create(new Dictionary<string, string?>
        {
            ["tab"] = IndexModel.Tabs.First(x => x.Tab == tab).Slug,
            ["q"] = string.IsNullOrWhiteSpace(Search) ? null : Search.Trim(),
            ["trang"] = page > 1 ? page.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        }.Where(kv => kv.Value is not null)!);
}
