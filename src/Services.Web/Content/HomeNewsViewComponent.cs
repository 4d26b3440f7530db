using Microsoft.AspNetCore.Mvc;
using Services.Data.Content;
using Services.Web.Units;

namespace Services.Web.Content;

/// <summary>
/// A unit's latest news on its home page, and its parent unit's (the city's guidance: a school shows its office's
/// news): from the parent's feed as last fetched (<see cref="ParentFeeds"/>, with its source and time), or, before the
/// first fetch, straight from the parent's published news on this portal.
/// </summary>
public sealed class HomeNewsViewComponent(PublishedContent content, ParentFeeds feeds, CurrentUnit current, UnitDirectory units) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var ct = HttpContext.RequestAborted;
        var unit = current.Unit;
        var own = await content.LatestAsync(unit.Id, ContentKind.News, null, 5, ct);
        // The parent's own news on this portal is read fresh from the database; the cache (refreshed on a timer) is for
        // a feed from another host, whose latest news this portal cannot read any other way.
        var feed = await feeds.CachedAsync(unit.Id, ct) is { Feed.Url: { Length: > 0 } } external ? external : null;
        var parent = unit.ParentId is { } parentId && feed is null ? await units.FindByIdAsync(parentId, ct) : null;
        var parents = parent is null ? [] : await content.LatestAsync(parent.Id, ContentKind.News, null, 5, ct);
        return View(new HomeNews(unit, own, parent, parents, feed));
    }
}

public sealed record HomeNews(UnitView Unit, IReadOnlyList<ContentItem> Own, UnitView? Parent, IReadOnlyList<ContentItem> ParentNews, ParentFeeds.Cached? Feed);
