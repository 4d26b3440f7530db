using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Services.Web.Units;

namespace Services.Web.Pages.Portal.Schools;

/// <summary>
/// "Tìm trường" (<c>/tim-truong</c>): every school of the city by a piece of its name or of its address (ward,
/// district), with or without diacritics, so a parent reaches the school's portal in one step instead of two levels down.
/// </summary>
public sealed class FindModel(UnitDirectory units) : PageModel
{
    private const int MaxResults = 50;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    public IReadOnlyList<UnitView> Schools { get; private set; } = [];
    public bool Searched => !string.IsNullOrWhiteSpace(Query);

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!Searched)
        {
            return;
        }

        var words = Fold(Query!.Length > 100 ? Query[..100] : Query).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var found = new List<UnitView>();
        var pending = new Queue<UnitView>([await units.RootAsync(ct)]);
        while (pending.TryDequeue(out var unit))
        {
            foreach (var child in await units.ChildrenAsync(unit.Id, ct))
            {
                pending.Enqueue(child);
            }

            var text = Fold($"{unit.NameVi} {unit.NameEn} {unit.Address}");
            if (unit.IsSchool && words.All(w => text.Contains(w, StringComparison.Ordinal)))
            {
                found.Add(unit);
            }
        }

        Schools = found.OrderBy(s => s.NameVi, StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), false)).Take(MaxResults).ToList();
    }

    /// <summary>Lower case without diacritics ("Đa Kao" → "da kao"), so people may type either way.</summary>
    private static string Fold(string text)
    {
        var decomposed = text.Replace('đ', 'd').Replace('Đ', 'D').Normalize(NormalizationForm.FormD);
        var plain = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                plain.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
            }
        }

        return plain.ToString();
    }
}
