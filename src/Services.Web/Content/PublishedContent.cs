using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Content;
using Services.Web.Units;

namespace Services.Web.Content;

/// <summary>What the public sees of a unit's content: published items only.</summary>
public sealed class PublishedContent(PortalDbContext db)
{
    public static string SectionOf(ContentKind kind) => kind switch
    {
        ContentKind.News => PortalSections.News,
        ContentKind.Document => PortalSections.Documents,
        ContentKind.Resource => PortalSections.DigitalResources,
        _ => PortalSections.Disclosures,
    };

    public static ContentKind KindOf(string section) => section switch
    {
        PortalSections.News => ContentKind.News,
        PortalSections.Documents => ContentKind.Document,
        PortalSections.DigitalResources => ContentKind.Resource,
        _ => ContentKind.Disclosure,
    };

    /// <summary>The item's public address, relative to the application (<c>~/…</c>).</summary>
    public static string PathOf(string unitSlug, ContentItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return $"~/{unitSlug}/{SectionOf(item.Kind)}/{item.Slug}";
    }

    /// <summary>
    /// The address of a news item's image at page width or as a thumbnail; it carries the upload time, so browsers and
    /// proxies may keep it for a year. Null when the item has no image.
    /// </summary>
    public static string? ImagePath(string unitSlug, ContentItem item, bool thumbnail)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.ImageUpdatedAt is { } at ? $"~/{unitSlug}/tin-tuc/anh/{item.Id}/{(thumbnail ? "nho" : "lon")}?v={at.ToUnixTimeSeconds()}" : null;
    }

    /// <summary>A published news item's image; none for a draft, another unit's item or an item without one.</summary>
    public Task<ContentImage?> ImageAsync(Guid unitId, Guid itemId, CancellationToken ct) =>
        db.ContentImages.AsNoTracking()
            .Where(i => i.ItemId == itemId && Published(unitId, ContentKind.News).Any(item => item.Id == itemId))
            .FirstOrDefaultAsync(ct);

    public IQueryable<ContentItem> Published(Guid unitId, ContentKind kind) =>
        db.ContentItems.AsNoTracking().Where(i => i.UnitId == unitId && i.Kind == kind && i.Status == ContentStatus.Published);

    public async Task<IReadOnlyList<ContentItem>> LatestAsync(Guid unitId, ContentKind kind, string? category, int count, CancellationToken ct) =>
        await Published(unitId, kind).Where(i => category == null || i.Category == category)
            .OrderByDescending(i => i.PublishedAt).Take(count).ToListAsync(ct);

    public Task<ContentItem?> FindAsync(Guid unitId, ContentKind kind, string slug, CancellationToken ct) =>
        Published(unitId, kind).FirstOrDefaultAsync(i => i.Slug == slug, ct);

    /// <summary>The sections every unit portal publishes, listed in the sitemap for each unit.</summary>
    private static readonly string[] UnitPages = ["", "/gioi-thieu", "/lien-he", "/tin-tuc", "/van-ban", "/cong-khai", "/nien-giam-thong-ke", "/hoc-lieu", "/thu-tuc", "/dich-vu-cong"];

    /// <summary>Every public page: each unit's home and sections, its published procedures and its published content.</summary>
    public async Task<IReadOnlyList<(string Path, DateTimeOffset? UpdatedAt)>> SitemapAsync(CancellationToken ct)
    {
        var units = await db.Units.AsNoTracking().OrderBy(u => u.Slug).Select(u => new { u.Id, u.Slug }).ToListAsync(ct);
        var slugs = units.ToDictionary(u => u.Id, u => u.Slug);
        var procedures = await db.Procedures.AsNoTracking().Where(p => p.IsPublished).Select(p => new { p.UnitId, p.Code, p.UpdatedAt }).ToListAsync(ct);
        var items = await db.ContentItems.AsNoTracking().Where(i => i.Status == ContentStatus.Published)
            .Select(i => new { i.UnitId, i.Kind, i.Slug, i.UpdatedAt }).ToListAsync(ct);
        return
        [
            .. units.SelectMany(u => UnitPages.Select(page => ($"/{u.Slug}{page}", (DateTimeOffset?)null))),
            .. procedures.Where(p => slugs.ContainsKey(p.UnitId)).Select(p => ($"/{slugs[p.UnitId]}/thu-tuc/{p.Code}", (DateTimeOffset?)p.UpdatedAt)),
            .. items.Where(i => slugs.ContainsKey(i.UnitId)).Select(i => ($"/{slugs[i.UnitId]}/{SectionOf(i.Kind)}/{i.Slug}", (DateTimeOffset?)i.UpdatedAt)),
        ];
    }
}
