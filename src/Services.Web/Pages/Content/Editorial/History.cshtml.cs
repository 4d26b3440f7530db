using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Content;
using Services.Web.Units;

namespace Services.Web.Pages.Content.Editorial;

/// <summary>Every saved version of an item with who changed it and, line by line, what changed from the one before.</summary>
public sealed class HistoryModel(PortalDbContext db, Services.Workflows.Content.Editorial editorial, CurrentUnit current) : PageModel
{
    public ContentItem Item { get; private set; } = null!;
    public IReadOnlyList<ContentVersion> Versions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var item = await db.ContentItems.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id && i.UnitId == current.Unit.Id, ct);
        if (item is null)
        {
            return NotFound();
        }

        Item = item;
        Versions = await editorial.VersionsAsync(id, ct);
        return Page();
    }
}
