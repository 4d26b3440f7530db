using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Services.Data.Content;
using Services.Web.Content;
using Services.Web.Units;

namespace Services.Web.Pages.Content;

/// <summary>The unit's public disclosures by school year (newest first; every published year stays visible) and category.</summary>
public sealed class DisclosuresModel(PublishedContent content, CurrentUnit current) : PageModel
{
    public IReadOnlyList<IGrouping<string, ContentItem>> Years { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var items = await content.Published(current.Unit.Id, ContentKind.Disclosure).OrderBy(i => i.Category).ThenBy(i => i.Title).ToListAsync(ct);
        Years = items.GroupBy(i => i.SchoolYear ?? "").OrderByDescending(g => g.Key, StringComparer.Ordinal).ToList();
    }
}
