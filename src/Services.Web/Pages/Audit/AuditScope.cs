using Services.Web.Units;

namespace Services.Web.Pages.Audit;

/// <summary>
/// The units an auditor audits from a unit: that unit and every unit under it (the department's auditors see the whole
/// city, a district office's its schools). The folder policy has already checked the Auditor role in the route's unit.
/// </summary>
public static class AuditScope
{
    public static async Task<IReadOnlyList<UnitView>> UnitsAsync(UnitDirectory units, UnitView top, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(units);
        var scope = new List<UnitView> { top };
        for (var i = 0; i < scope.Count; i++)
        {
            scope.AddRange(await units.ChildrenAsync(scope[i].Id, ct));
        }

        return scope;
    }
}
