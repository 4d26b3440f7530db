using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Services.Data.Identity;
using Services.Web.Security;
using Services.Web.Units;
using Services.Workflows.Dossiers;
using Services.Workflows.Runtime;

namespace Services.Web.Pages.Workplace;

/// <summary>
/// <c>/can-bo</c>, every staff member's home: per unit, the roles held (in words), the open work and the pages each
/// role opens; a district officer also sees each of its schools' work. A role with no page yet is told so plainly.
/// </summary>
public sealed class IndexModel(
    WorkplaceNavigation navigation, UnitDirectory units, TaskQueries tasks, UnitSummaries summaries, HolidayCalendar holidays, TimeProvider clock) : PageModel
{
    /// <summary>For the system administrator: next year's holidays are not entered yet, so next year's due dates would be wrong.</summary>
    public bool NextYearHolidaysMissing { get; private set; }

    public IReadOnlyList<WorkplaceUnit> Units { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.IsSystemAdmin())
        {
            var nextYear = WorkingCalendar.LocalDate(clock.GetUtcNow()).Year + 1;
            NextYearHolidaysMissing = (await holidays.ListAsync(nextYear, ct)).Count == 0;
        }

        var rows = new List<WorkplaceUnit>();
        foreach (var (unit, roles) in await navigation.MembershipsAsync(User, ct))
        {
            var hasDesk = roles.Any(WorkplaceNavigation.DeskRoles.Contains);
            var counts = hasDesk ? await tasks.CountsAsync(unit.Id, roles, ct) : null;
            IReadOnlyList<(UnitView School, UnitSummary Summary)> schools = [];
            if (roles.Contains(PortalRole.DistrictOfficer))
            {
                var children = await units.ChildrenAsync(unit.Id, ct);
                var bySchool = await summaries.ForAsync([.. children.Select(c => c.Id)], ct);
                schools = [.. children.Select(c => (c, bySchool[c.Id]))];
            }

            rows.Add(new WorkplaceUnit(unit, roles, counts, schools));
        }

        // A clerk of one unit goes straight to the desk; anyone with more to do (or to be warned of) starts here.
        if (!NextYearHolidaysMissing && rows.Count == 1 && rows[0].Roles.SequenceEqual([PortalRole.Staff]) && !User.IsSystemAdmin())
        {
            return Redirect(Url.Content($"~/can-bo/{rows[0].Unit.Slug}"));
        }

        Units = rows;
        return Page();
    }
}

/// <summary>One unit on the home page: the user's roles there, its open work (for desk roles) and, for a district officer, its schools.</summary>
public sealed record WorkplaceUnit(UnitView Unit, IReadOnlyList<PortalRole> Roles, QueueCounts? Counts, IReadOnlyList<(UnitView School, UnitSummary Summary)> Schools);
