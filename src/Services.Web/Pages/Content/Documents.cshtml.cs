using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Services.Data.Content;
using Services.Web.Content;
using Services.Web.Units;
using Services.Workflows.Content;

namespace Services.Web.Pages.Content;

/// <summary>The unit's published documents, filtered by type, number/symbol, issuing authority, issue and effective dates.</summary>
public sealed class DocumentsModel(PublishedContent content, CurrentUnit current) : PageModel
{
    [BindProperty(Name = "loai", SupportsGet = true)] public string? Type { get; set; }
    [BindProperty(Name = "so", SupportsGet = true)] public string? Number { get; set; }
    [BindProperty(Name = "co-quan", SupportsGet = true)] public string? Authority { get; set; }
    [BindProperty(Name = "tu-ngay", SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(Name = "den-ngay", SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(Name = "hieu-luc", SupportsGet = true)] public DateOnly? EffectiveOn { get; set; }

    public IReadOnlyList<ContentItem> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var query = content.Published(current.Unit.Id, ContentKind.Document);
        if (ContentCategories.IsValid(ContentKind.Document, Type))
        {
            query = query.Where(i => i.Category == Type);
        }

        // Numbers are matched without regard to case ("15/QĐ-SGDĐT" and "15/qđ-sgdđt" are the same document).
        if (!string.IsNullOrWhiteSpace(Number))
        {
            var pattern = $"%{Like(Number.Trim())}%";
            query = query.Where(i => EF.Functions.ILike(i.DocumentNumber!, pattern));
        }

        if (!string.IsNullOrWhiteSpace(Authority))
        {
            var pattern = $"%{Like(Authority.Trim())}%";
            query = query.Where(i => EF.Functions.ILike(i.IssuingAuthority!, pattern));
        }

        if (From is { } from)
        {
            query = query.Where(i => i.IssuedOn >= from);
        }

        if (To is { } to)
        {
            query = query.Where(i => i.IssuedOn <= to);
        }

        if (EffectiveOn is { } effective)
        {
            query = query.Where(i => i.EffectiveOn == effective);
        }

        Items = await query.OrderByDescending(i => i.IssuedOn).ThenBy(i => i.DocumentNumber).Take(200).ToListAsync(ct);
    }

    private static string Like(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
