using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Services.Data.Content;
using Services.Web.Content;
using Services.Web.Units;
using Services.Workflows.Content;

namespace Services.Web.Pages.Content;

/// <summary>The unit's published news, newest first, by category.</summary>
public sealed class NewsModel(PublishedContent content, CurrentUnit current) : PageModel
{
    [BindProperty(Name = "chuyen-muc", SupportsGet = true)]
    public string? Category { get; set; }

    public IReadOnlyList<ContentItem> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Category = ContentCategories.IsValid(ContentKind.News, Category) ? Category : null;
        Items = await content.LatestAsync(current.Unit.Id, ContentKind.News, Category, 50, ct);
    }
}
