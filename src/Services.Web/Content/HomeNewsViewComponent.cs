using Microsoft.AspNetCore.Mvc;
using Services.Data.Content;
using Services.Web.Units;

namespace Services.Web.Content;

/// <summary>A unit's latest news on its home page, and its parent unit's (the city's guidance: a school shows its office's news).</summary>
public sealed class HomeNewsViewComponent(PublishedContent content, CurrentUnit current, UnitDirectory units) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var ct = HttpContext.RequestAborted;
        var unit = current.Unit;
        var parent = unit.ParentId is { } parentId ? await units.FindByIdAsync(parentId, ct) : null;
        var own = await content.LatestAsync(unit.Id, ContentKind.News, null, 5, ct);
        var parents = parent is null ? [] : await content.LatestAsync(parent.Id, ContentKind.News, null, 5, ct);
        return View(new HomeNews(unit, own, parent, parents));
    }
}

public sealed record HomeNews(UnitView Unit, IReadOnlyList<ContentItem> Own, UnitView? Parent, IReadOnlyList<ContentItem> ParentNews);
