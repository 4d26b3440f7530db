using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Services.Data.Catalogue;
using Services.Web.Catalogue;
using Services.Web.Units;

namespace Services.Web.Pages.Portal.Procedures;

public sealed class DetailModel(ProcedureCatalogue catalogue, CurrentUnit current) : PageModel
{
    public Procedure Procedure { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        var procedure = await catalogue.FindAsync(current.Unit.Id, code, ct);
        if (procedure is null)
        {
            return NotFound();
        }

        Procedure = procedure;
        return Page();
    }
}
