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
        _ => PortalSections.Disclosures,
    };

    public static ContentKind KindOf(string section) => section switch
    {
        PortalSections.News => ContentKind.News,
        PortalSections.Documents => ContentKind.Document,
        _ => ContentKind.Disclosure,
    };

    /// <summary>The item's public address, relative to the application (<c>~/…</c>).</summary>
    public static string PathOf(string unitSlug, ContentItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return $"~/{unitSlug}/{SectionOf(item.Kind)}/{item.Slug}";
    }

    public IQueryable<ContentItem> Published(Guid unitId, ContentKind kind) =>
        db.ContentItems.AsNoTracking().Where(i => i.UnitId == unitId && i.Kind == kind && i.Status == ContentStatus.Published);

    public async Task<IReadOnlyList<ContentItem>> LatestAsync(Guid unitId, ContentKind kind, string? category, int count, CancellationToken ct) =>
        await Published(unitId, kind).Where(i => category == null || i.Category == category)
            .OrderByDescending(i => i.PublishedAt).Take(count).ToListAsync(ct);

    public Task<ContentItem?> FindAsync(Guid unitId, ContentKind kind, string slug, CancellationToken ct) =>
        Published(unitId, kind).FirstOrDefaultAsync(i => i.Slug == slug, ct);

    /// <summary>Every published item of every unit, for the sitemap.</summary>
    public async Task<IReadOnlyList<(Guid UnitId, ContentKind Kind, string Slug, DateTimeOffset UpdatedAt)>> AllAsync(CancellationToken ct) =>
        (await db.ContentItems.AsNoTracking().Where(i => i.Status == ContentStatus.Published)
            .Select(i => new { i.UnitId, i.Kind, i.Slug, i.UpdatedAt }).ToListAsync(ct))
        .Select(i => (i.UnitId, i.Kind, i.Slug, i.UpdatedAt)).ToList();
}
