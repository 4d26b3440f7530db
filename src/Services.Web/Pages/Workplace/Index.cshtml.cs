using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Services.Data.Identity;
using Services.Web.Security;
using Services.Web.Units;
using Services.Workflows.Runtime;

namespace Services.Web.Pages.Workplace;

/// <summary><c>/can-bo</c>: the units where the signed-in user works, each with its open, due-today and overdue counts.</summary>
public sealed class IndexModel(UnitDirectory units, TaskQueries tasks, HolidayCalendar holidays, TimeProvider clock) : PageModel
{
    /// <summary>For the system administrator: next year's holidays are not entered yet, so next year's due dates would be wrong.</summary>
    public bool NextYearHolidaysMissing { get; private set; }

    public IReadOnlyList<(UnitView Unit, IReadOnlyList<PortalRole> Roles, QueueCounts Counts)> Units { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.IsSystemAdmin())
        {
            var nextYear = WorkingCalendar.LocalDate(clock.GetUtcNow()).Year + 1;
            NextYearHolidaysMissing = (await holidays.ListAsync(nextYear, ct)).Count == 0;
        }

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
        if (!NextYearHolidaysMissing && rows.Count == 1 && rows[0].Item2.Any(r => r is PortalRole.Staff or PortalRole.DistrictOfficer) && !rows[0].Item2.Contains(PortalRole.UnitAdmin)
            && !User.IsSystemAdmin())
        {
            return Redirect(Url.Content($"~/can-bo/{rows[0].Item1.Slug}"));
        }

        Units = rows;
        return Page();
    }
}
