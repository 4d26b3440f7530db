using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Services.Data.Content;
using Services.Web.Content;
using Services.Web.Units;

namespace Services.Web.Pages.Content;

/// <summary>One published news article, document or disclosure, with its Open Graph, Dublin Core and schema.org data.</summary>
public sealed class ArticleModel(PublishedContent content, CurrentUnit current) : PageModel
{
    public ContentItem Item { get; private set; } = null!;
    public string Section { get; private set; } = "";
    public string CanonicalUrl { get; private set; } = "";
    public string JsonLd { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string section, string slug, CancellationToken ct)
    {
        var item = await content.FindAsync(current.Unit.Id, PublishedContent.KindOf(section), slug, ct);
        if (item is null)
        {
            return NotFound();
        }

        Item = item;
        Section = section;
        CanonicalUrl = $"{Request.Scheme}://{Request.Host}{Url.Content(PublishedContent.PathOf(current.Unit.Slug, item))}";
        JsonLd = StructuredData.Article(item, current.Unit, CanonicalUrl);
        return Page();
    }
}
