using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Services.Data.Catalogue;
using Services.Data.Units;
using Services.Web.Catalogue;
using Services.Web.Units;

namespace Services.Web.Pages.Portal.Procedures;

public sealed class IndexModel(ProcedureCatalogue catalogue, CurrentUnit current, UnitDirectory units) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "linh-vuc")]
    public string? Field { get; set; }

    [BindProperty(SupportsGet = true, Name = "muc-do")]
    public string? Level { get; set; }

    public IReadOnlyList<Procedure> Procedures { get; private set; } = [];
    public IReadOnlyList<string> Fields { get; private set; } = [];
    public bool IsDepartment { get; private set; }

    /// <summary>On the department's catalogue: the units' online services, one group per unit.</summary>
    public IReadOnlyList<(UnitView Unit, IReadOnlyList<Procedure> Procedures)> UnitServices { get; private set; } = [];

    public bool IsFiltered => !string.IsNullOrEmpty(Field) || ServiceLevelSlugs.Parse(Level) is not null;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var unit = current.Unit;
        var filter = new ProcedureFilter(string.IsNullOrWhiteSpace(Field) ? null : Field, ServiceLevelSlugs.Parse(Level));
        Procedures = await catalogue.ListAsync(unit.Id, filter, ct);
        var fields = new SortedSet<string>(await catalogue.FieldsAsync(unit.Id, ct), StringComparer.Ordinal);

        IsDepartment = unit.Kind == UnitKind.Department;
        if (IsDepartment)
        {
            // Small by nature (a city's online services); read once unfiltered so the field choices cover them too.
            var online = await catalogue.OnlineServicesOfOtherUnitsAsync(unit.Id, new ProcedureFilter(), ct);
            fields.UnionWith(online.Select(p => p.FieldVi));
            var groups = new List<(UnitView, IReadOnlyList<Procedure>)>();
            foreach (var group in online.Where(p => Matches(p, filter)).GroupBy(p => p.UnitId))
            {
                if (await units.FindByIdAsync(group.Key, ct) is { } owner)
                {
                    groups.Add((owner, group.ToList()));
                }
            }

            UnitServices = groups.OrderBy(g => g.Item1.Kind).ThenBy(g => g.Item1.NameVi, StringComparer.Ordinal).ToList();
        }

        Fields = fields.ToList();
    }

    private static bool Matches(Procedure p, ProcedureFilter filter) =>
        (filter.Field is null || p.FieldVi == filter.Field) && (filter.Level is null || p.Level == filter.Level);
}
