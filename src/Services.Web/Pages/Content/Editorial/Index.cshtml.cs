using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Content;
using Services.Web.Units;

namespace Services.Web.Pages.Content.Editorial;

/// <summary>The unit's content in every state, newest change first, for its editorial board.</summary>
public sealed class IndexModel(PortalDbContext db, CurrentUnit current) : PageModel
{
    public IReadOnlyList<ContentItem> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Items = await db.ContentItems.AsNoTracking().Where(i => i.UnitId == current.Unit.Id).OrderByDescending(i => i.UpdatedAt).Take(200).ToListAsync(ct);
}
