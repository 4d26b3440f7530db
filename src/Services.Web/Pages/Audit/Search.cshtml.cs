using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Services.Data.Identity;
using Services.Web.Pages.Staff;
using Services.Web.Units;
using Services.Workflows.Audit;
using Services.Workflows.Runtime;

namespace Services.Web.Pages.Audit;

/// <summary>
/// The auditor's search over the dossiers and workflow instances of the units they audit. Reading only; each search,
/// with its filters, is journaled in the auditor's unit's administration chain before the results are shown.
/// </summary>
public sealed class SearchModel(AuditSearch search, AuditorReads reads, UnitDirectory units, CurrentUnit current) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "ma")]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true, Name = "dich-vu")]
    public string? Service { get; set; }

    [BindProperty(SupportsGet = true, Name = "don-vi")]
    public string? UnitSlug { get; set; }

    [BindProperty(SupportsGet = true, Name = "nguoi")]
    public string? Person { get; set; }

    [BindProperty(SupportsGet = true, Name = "tu")]
    public DateOnly? FromDate { get; set; }

    [BindProperty(SupportsGet = true, Name = "den")]
    public DateOnly? ToDate { get; set; }

    [BindProperty(SupportsGet = true, Name = "trang")]
    public int? PageNumber { get; set; }

    public IReadOnlyList<UnitView> Scope { get; private set; } = [];
    public IReadOnlyList<(string Key, string TitleVi, string TitleEn)> Services { get; private set; } = [];
    public AuditPage Result { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Scope = await AuditScope.UnitsAsync(units, current.Unit, ct);
        var unit = UnitSlug is null ? null : Scope.FirstOrDefault(u => u.Slug == UnitSlug);
        if (UnitSlug is not null && unit is null)
        {
            // A unit outside the auditor's scope is not narrowed to: it is not theirs to see.
            return NotFound();
        }

        Code = Clip(Code, 40);
        Person = Clip(Person, 100);
        Service = Clip(Service, 100);
        var query = new AuditQuery(Code, Service, unit?.Id, Person,
            FromDate is { } from ? WorkingCalendar.At(from, TimeOnly.MinValue) : null,
            ToDate is { } to ? WorkingCalendar.At(to.AddDays(1), TimeOnly.MinValue) : null,
            PageNumber ?? 1);
        await reads.RecordAsync(current.Unit.Id, AuditorReads.Search, new Dictionary<string, string?>
        {
            ["code"] = Code, ["service"] = Service, ["unit"] = unit?.Slug, ["person"] = Person,
            ["from"] = FromDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["to"] = ToDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["page"] = query.Page.ToString(CultureInfo.InvariantCulture),
        }, StaffActor.For(User, HttpContext, current.Unit.Id, PortalRole.Auditor), ct);
        Services = await search.ServicesAsync(Scope.Select(u => u.Id).ToList(), ct);
        Result = await search.FindAsync(Scope.Select(u => u.Id).ToList(), query, ct);
        return Page();
    }

    public string UnitName(Guid id) => Scope.FirstOrDefault(u => u.Id == id)?.Name ?? "?";

    /// <summary>The same search on another page.</summary>
    public string PageLink(int page)
    {
        var query = new Dictionary<string, string?>
        {
            ["ma"] = Code, ["dich-vu"] = Service, ["don-vi"] = UnitSlug, ["nguoi"] = Person,
            ["tu"] = FromDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["den"] = ToDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["trang"] = page.ToString(CultureInfo.InvariantCulture),
        };
        return Url.Content($"~/kiem-tra/{current.Unit.Slug}/ho-so") + QueryString.Create(query.Where(kv => !string.IsNullOrEmpty(kv.Value))!);
    }

    private static string? Clip(string? text, int max) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Trim() is { Length: > 0 } t && t.Length > max ? t[..max] : text.Trim();
}
