using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Services.Data.Identity;
using Services.Web.Security;
using Services.Web.Units;
using Services.Workflows.Runtime;

namespace Services.Web.Pages.Workplace;

/// <summary><c>/can-bo</c>: the units where the signed-in user works, each with its open, due-today and overdue counts.</summary>
public sealed class IndexModel(UnitDirectory units, TaskQueries tasks) : PageModel
{
    public IReadOnlyList<(UnitView Unit, IReadOnlyList<PortalRole> Roles, QueueCounts Counts)> Units { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var rows = new List<(UnitView, IReadOnlyList<PortalRole>, QueueCounts)>();
        foreach (var group in User.Memberships().GroupBy(m => m.UnitId))
        {
            if (await units.FindByIdAsync(group.Key, ct) is not { } unit)
            {
                continue;
            }

            var roles = group.Select(m => m.Role).Distinct().ToList();
            rows.Add((unit, roles, await tasks.CountsAsync(unit.Id, roles, ct)));
        }

        // One unit: straight to its queue, unless the user also runs that unit (the console is linked from here).
        if (rows.Count == 1 && rows[0].Item2.Any(r => r is PortalRole.Staff or PortalRole.DistrictOfficer) && !rows[0].Item2.Contains(PortalRole.UnitAdmin)
            && !User.IsSystemAdmin())
        {
            return Redirect(Url.Content($"~/can-bo/{rows[0].Item1.Slug}"));
        }

        Units = rows;
        return Page();
    }
}
