using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Services.Data.Content;
using Services.Web.Content;
using Services.Web.Units;

namespace Services.Web.Pages.Content;

/// <summary>
/// A unit's digital resources (học liệu số), published through the editorial workflow like its other content, by
/// category; with links to its parent unit's resources on this portal and to the ministry's library.
/// </summary>
public sealed class ResourcesModel(PublishedContent content, CurrentUnit current, UnitDirectory units, IConfiguration configuration) : PageModel
{
    /// <summary>The Ministry of Education and Training's portal, unless a deployment names its library's own address.</summary>
    public const string DefaultMinistryLibrary = "https://moet.gov.vn";

    public IReadOnlyList<IGrouping<string, ContentItem>> Categories { get; private set; } = [];
    public UnitView? Parent { get; private set; }
    public string MinistryLibrary => configuration["Content:MinistryLibraryUrl"] ?? DefaultMinistryLibrary;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var items = await content.Published(current.Unit.Id, ContentKind.Resource).OrderBy(i => i.Category).ThenBy(i => i.Title).ToListAsync(ct);
        Categories = items.GroupBy(i => i.Category).ToList();
        Parent = current.Unit.ParentId is { } parentId ? await units.FindByIdAsync(parentId, ct) : null;
    }
}
