using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Dossiers;
using Services.Web.Units;

namespace Services.Web.Pages.Portal.OnlineServices;

/// <summary>The unit's online services (Dịch vụ công): every published form, with its processing time.</summary>
public sealed class IndexModel(PortalDbContext db, CurrentUnit current) : PageModel
{
    public IReadOnlyList<OnlineForm> Forms { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Forms = await db.OnlineForms.AsNoTracking()
            .Where(f => f.UnitId == current.Unit.Id && f.Status == OnlineFormStatus.Published)
            .OrderBy(f => f.TitleVi)
            .ToListAsync(ct);
}
