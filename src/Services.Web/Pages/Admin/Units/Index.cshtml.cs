using Microsoft.AspNetCore.Mvc.RazorPages;
using Services.Web.Units;

namespace Services.Web.Pages.Admin.Units;

/// <summary>The system administrator's list of units, as the tree they form (department, offices, schools).</summary>
public sealed class IndexModel(UnitDirectory units) : PageModel
{
    public IReadOnlyList<(UnitView Unit, int Depth)> Tree { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var rows = new List<(UnitView, int)>();
        async Task AddAsync(UnitView unit, int depth)
        {
            rows.Add((unit, depth));
            foreach (var child in (await units.ChildrenAsync(unit.Id, ct)).OrderBy(c => c.NameVi, StringComparer.Ordinal))
            {
                await AddAsync(child, depth + 1);
            }
        }

        await AddAsync(await units.RootAsync(ct), 0);
        Tree = rows;
    }
}
