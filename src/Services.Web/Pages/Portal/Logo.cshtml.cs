using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Web.Units;

namespace Services.Web.Pages.Portal;

/// <summary>
/// A unit's logo, as its administrator uploaded it (checked then: PNG or JPEG by signature, small). Its address carries
/// the upload time (<see cref="UnitView.LogoPath"/>), so browsers and proxies may keep it for a year.
/// </summary>
public sealed class LogoModel(PortalDbContext db, CurrentUnit current) : PageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var unitId = current.Unit.Id;
        if (await db.UnitLogos.AsNoTracking().FirstOrDefaultAsync(l => l.UnitId == unitId, ct) is not { } logo)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        Response.Headers.Pragma = default;
        Response.Headers.XContentTypeOptions = "nosniff";
        return File(logo.Content, logo.ContentType);
    }
}
