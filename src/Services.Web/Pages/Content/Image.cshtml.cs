using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Services.Web.Content;
using Services.Web.Units;

namespace Services.Web.Pages.Content;

/// <summary>
/// A published news item's image, at page width (<c>lon</c>) or as a thumbnail (<c>nho</c>), as stored when the editor
/// attached it (decoded, stripped, resized: <see cref="NewsImages"/>). Its address carries the upload time
/// (<see cref="PublishedContent.ImagePath"/>), so browsers and proxies may keep it for a year.
/// </summary>
public sealed class ImageModel(PublishedContent content, CurrentUnit current) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, string size, CancellationToken ct)
    {
        if (await content.ImageAsync(current.Unit.Id, id, ct) is not { } image)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        Response.Headers.Pragma = default;
        Response.Headers.XContentTypeOptions = "nosniff";
        return File(size == "nho" ? image.Thumbnail : image.Large, image.ContentType);
    }
}
