using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Services.Data;
using Services.Data.Catalogue;
using Services.Web.Localization;
using Services.Web.Units;

namespace Services.Web.Pages.Admin.Procedures;

/// <summary>The unit admin's list of the unit's procedures, published or not, with publish / unpublish.</summary>
public sealed class IndexModel(PortalDbContext db, CurrentUnit current, TimeProvider clock, IStringLocalizer<CatalogueResource> text) : PageModel
{
    public IReadOnlyList<Procedure> Procedures { get; private set; } = [];

    [TempData]
    public string? Notice { get; set; }

    public async Task OnGetAsync(CancellationToken ct) =>
        Procedures = await db.Procedures.AsNoTracking()
            .Include(p => p.Forms)
            .Where(p => p.UnitId == current.Unit.Id)
            .OrderBy(p => p.SortOrder).ThenBy(p => p.Code)
            .ToListAsync(ct);

    public Task<IActionResult> OnPostPublishAsync(Guid id, CancellationToken ct) => SetPublishedAsync(id, true, ct);

    public Task<IActionResult> OnPostUnpublishAsync(Guid id, CancellationToken ct) => SetPublishedAsync(id, false, ct);

    private async Task<IActionResult> SetPublishedAsync(Guid id, bool published, CancellationToken ct)
    {
        // Scoped to the route's unit: an admin of one school cannot touch another school's procedure by its id.
        var procedure = await db.Procedures.FirstOrDefaultAsync(p => p.Id == id && p.UnitId == current.Unit.Id, ct);
        if (procedure is null)
        {
            return NotFound();
        }

        procedure.IsPublished = published;
        procedure.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        Notice = text[published ? "Admin.Published" : "Admin.Unpublished", procedure.Code].Value;
        return RedirectToPage();
    }
}
