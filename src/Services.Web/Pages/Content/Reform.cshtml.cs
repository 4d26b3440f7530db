using Microsoft.AspNetCore.Mvc.RazorPages;
using Services.Data.Catalogue;
using Services.Web.Catalogue;
using Services.Web.Units;

namespace Services.Web.Pages.Content;

/// <summary>
/// The administrative reform section (cải cách hành chính): the unit's published procedures and their online levels,
/// read from the procedure catalogue, so nothing is typed twice.
/// </summary>
public sealed class ReformModel(ProcedureCatalogue catalogue, CurrentUnit current) : PageModel
{
    public IReadOnlyList<Procedure> Procedures { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Procedures = await catalogue.ListAsync(current.Unit.Id, new ProcedureFilter(), ct);
}
