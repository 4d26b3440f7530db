using System.Globalization;
using System.Net;
using System.Resources;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Content;
using Services.Web.Content;

namespace Services.Web.Search.Sources;

/// <summary>
/// A unit portal's published content of one kind (news, documents, disclosures; ADR 0019), kept current by the trigger
/// on <c>content_items</c>, which records a change only when an item is or was published. The search kind is the
/// item's public section (<c>tin-tuc</c>, <c>van-ban</c>, <c>cong-khai</c>). Content is written in Vietnamese only, so
/// it is indexed for the Vietnamese page alone. The text is the summary and the body without its markup, and the
/// fields a citizen quotes: a document's number/symbol, issuing authority, type and dates, a disclosure's school year.
/// </summary>
public abstract partial class ContentSearchSource(ContentKind kind) : ISearchSource
{
    private static readonly ResourceManager Names = new("Services.Web.Resources.Localization.ContentResource", typeof(ContentSearchSource).Assembly);

    public string Kind { get; } = PublishedContent.SectionOf(kind);

    public async IAsyncEnumerable<SearchItem> ReadAsync(PortalDbContext db, IReadOnlyCollection<string>? keys, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var items = db.ContentItems.AsNoTracking().Where(i => i.Kind == kind && i.Status == ContentStatus.Published);
        if (keys is not null)
        {
            var ids = Keys.Guids(keys);
            items = items.Where(i => ids.Contains(i.Id));
        }

        var rows = items.Join(db.Units, i => i.UnitId, u => u.Id, (i, u) => new
        {
            i.Id, i.UnitId, UnitSlug = u.Slug, i.Category, i.Title, i.Summary, i.Body, i.Slug, i.PublishedAt, i.UpdatedAt,
            i.SchoolYear, i.DocumentNumber, i.IssuingAuthority, i.IssuedOn, i.EffectiveOn,
        });
        await foreach (var i in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            var fields = new[]
            {
                i.DocumentNumber, i.IssuingAuthority, CategoryName(i.Category), i.SchoolYear is null ? null : $"Năm học {i.SchoolYear}",
                i.IssuedOn is { } issued ? $"Ngày ban hành {issued.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}" : null,
                i.EffectiveOn is { } effective ? $"Ngày hiệu lực {effective.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}" : null,
                i.Summary, PlainText(i.Body),
            };
            var text = string.Join(" · ", fields.Where(f => !string.IsNullOrWhiteSpace(f)));
            var url = $"/{i.UnitSlug}/{Kind}/{Uri.EscapeDataString(i.Slug)}";
            yield return new SearchItem(i.Id.ToString("D"), i.UnitId, i.Title, text, url, "vi", i.PublishedAt ?? i.UpdatedAt);
        }
    }

    /// <summary>The stored (sanitised) body as plain text: tags become spaces, entities are decoded, spaces collapsed.</summary>
    public static string PlainText(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var text = WebUtility.HtmlDecode(Tag().Replace(html, " "));
        return Spaces().Replace(text, " ").Trim();
    }

    /// <summary>The category's Vietnamese name (the neutral resources), e.g. "Quyết định" for a document's type.</summary>
    private static string? CategoryName(string category) => Names.GetString($"Content.Category.{category}", CultureInfo.InvariantCulture);

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}

/// <summary>Published news (<c>tin-tuc</c>).</summary>
public sealed class NewsSearchSource() : ContentSearchSource(ContentKind.News);

/// <summary>Published documents (<c>van-ban</c>), found by their number/symbol among the rest.</summary>
public sealed class DocumentSearchSource() : ContentSearchSource(ContentKind.Document);

/// <summary>Published digital resources (<c>hoc-lieu</c>).</summary>
public sealed class ResourceSearchSource() : ContentSearchSource(ContentKind.Resource);

/// <summary>Published public disclosures (<c>cong-khai</c>).</summary>
public sealed class DisclosureSearchSource() : ContentSearchSource(ContentKind.Disclosure);
