using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Dossiers;
using Services.Data.GenericForms;
using Services.Web.Units;

namespace Services.Web.Pages.GenericForms.Admin;

/// <summary>The unit's generic online forms: draft, published (version), withdrawn; publish and withdraw.</summary>
public sealed class IndexModel(PortalDbContext db, CurrentUnit current, TimeProvider clock) : PageModel
{
    public IReadOnlyList<OnlineForm> Forms { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Forms = await db.OnlineForms.AsNoTracking().Where(f => f.UnitId == current.Unit.Id).OrderBy(f => f.TitleVi).ToListAsync(ct);

    /// <summary>Publishing raises the version, so each dossier records which wording its applicant saw.</summary>
    public async Task<IActionResult> OnPostPublishAsync(Guid id, CancellationToken ct) =>
        await ChangeAsync(id, form =>
        {
            form.Status = OnlineFormStatus.Published;
            form.Version++;
            form.PublishedAt = clock.GetUtcNow();
        }, ct);

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, CancellationToken ct) =>
        await ChangeAsync(id, form => form.Status = OnlineFormStatus.Withdrawn, ct);

    private async Task<IActionResult> ChangeAsync(Guid id, Action<OnlineForm> change, CancellationToken ct)
    {
        var form = await db.OnlineForms.SingleOrDefaultAsync(f => f.Id == id && f.UnitId == current.Unit.Id, ct);
        if (form is null)
        {
            return NotFound();
        }

        change(form);
        form.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return RedirectToPage();
    }
}
