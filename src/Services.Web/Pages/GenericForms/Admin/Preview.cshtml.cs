using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Dossiers;
using Services.Data.GenericForms;
using Services.Web.Units;
using Services.Workflows.GenericForms;

namespace Services.Web.Pages.GenericForms.Admin;

/// <summary>Every page of the form as the citizen will see it, before it is published.</summary>
public sealed class PreviewModel(PortalDbContext db, CurrentUnit current) : PageModel
{
    public OnlineForm Form { get; private set; } = null!;
    public FormJourney Journey { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var form = await db.OnlineForms.AsNoTracking().SingleOrDefaultAsync(f => f.Id == id && f.UnitId == current.Unit.Id, ct);
        if (form is null)
        {
            return NotFound();
        }

        Form = form;
        Journey = new FormJourney(form);
        return Page();
    }
}
