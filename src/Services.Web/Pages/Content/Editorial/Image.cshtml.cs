using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Web.Units;

namespace Services.Web.Pages.Content.Editorial;

/// <summary>
/// The thumbnail of an item's image as the editorial board sees it before publication (the public address serves
/// published items only); only the route's unit's items, kept by no shared cache.
/// </summary>
public sealed class ImageModel(PortalDbContext db, CurrentUnit current) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var unitId = current.Unit.Id;
        var image = await db.ContentImages.AsNoTracking()
            .Where(i => i.ItemId == id && db.ContentItems.Any(item => item.Id == id && item.UnitId == unitId))
            .Select(i => new { i.ContentType, i.Thumbnail })
            .FirstOrDefaultAsync(ct);
        if (image is null)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "private, no-cache";
        Response.Headers.XContentTypeOptions = "nosniff";
        return File(image.Thumbnail, image.ContentType);
    }
}
