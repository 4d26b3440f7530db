using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Services.Web.Localization;
using Services.Web.Search;
using Services.Web.Units;

namespace Services.Web.Pages.Search;

/// <summary>
/// "Tìm kiếm" (<c>/tim-kiem</c>): the whole city's procedures, online services, units and admissions in one search,
/// filtered by kind (<c>loai</c>) and unit (<c>don-vi</c>, a slug), paged (<c>trang</c>), in the visitor's language.
/// </summary>
public sealed class IndexModel(SiteSearch search, UnitDirectory units) : PageModel
{
    public const int PageSize = 10;
    private const int MaxQueryLength = 200;
    private const int MaxUnitFacets = 15;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true, Name = "loai")]
    public string? Kind { get; set; }

    [BindProperty(SupportsGet = true, Name = "don-vi")]
    public string? UnitSlug { get; set; }

    [BindProperty(SupportsGet = true, Name = "trang")]
    public int PageNumber { get; set; } = 1;

    public SearchResults Results { get; private set; } = SearchResults.Empty;
    public IReadOnlyList<(UnitView Unit, int Count)> UnitFacets { get; private set; } = [];
    public IReadOnlyDictionary<Guid, UnitView> HitUnits { get; private set; } = new Dictionary<Guid, UnitView>();
    public bool Searched => !string.IsNullOrWhiteSpace(Query);
    public int PageCount => (Results.Total + PageSize - 1) / PageSize;

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!Searched)
        {
            return;
        }

        var trimmed = Query!.Trim();
        Query = trimmed.Length > MaxQueryLength ? trimmed[..MaxQueryLength] : trimmed;
        var unit = string.IsNullOrEmpty(UnitSlug) ? null : await units.FindBySlugAsync(UnitSlug, ct);
        PageNumber = Math.Max(1, PageNumber);
        Results = search.Search(new SearchRequest(Query, CulturePathMiddleware.IsEnglish ? "en" : "vi",
            string.IsNullOrEmpty(Kind) ? null : Kind, unit?.Id, PageNumber, PageSize));

        var facets = new List<(UnitView, int)>();
        foreach (var (id, count) in Results.Units.OrderByDescending(u => u.Value).Take(MaxUnitFacets))
        {
            if (await units.FindByIdAsync(id, ct) is { } view)
            {
                facets.Add((view, count));
            }
        }

        UnitFacets = facets;
        var hitUnits = new Dictionary<Guid, UnitView>();
        foreach (var id in Results.Hits.Select(h => h.Unit).OfType<Guid>().Distinct())
        {
            if (await units.FindByIdAsync(id, ct) is { } view)
            {
                hitUnits[id] = view;
            }
        }

        HitUnits = hitUnits;
    }

    /// <summary>This search with the kind, unit or page changed; <c>""</c> clears a facet, null keeps it.</summary>
    public string Link(string? kind = null, string? unit = null, int page = 1)
    {
        var query = new Dictionary<string, string?>
        {
            ["q"] = Query,
            ["loai"] = NullIfEmpty(kind ?? Kind),
            ["don-vi"] = NullIfEmpty(unit ?? UnitSlug),
            ["trang"] = page > 1 ? page.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        };
        return Url.Content("~/tim-kiem") + QueryString.Create(query.Where(p => p.Value is not null));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
