using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Services.Data;

namespace Services.Web.Search.Sources;

/// <summary>Published procedures of every unit's "Thủ tục - Biểu mẫu" catalogue; kept current by a trigger on <c>procedures</c>.</summary>
public sealed class ProcedureSearchSource : ISearchSource
{
    public string Kind => "thu-tuc";

    public async IAsyncEnumerable<SearchItem> ReadAsync(PortalDbContext db, IReadOnlyCollection<string>? keys, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var procedures = db.Procedures.AsNoTracking().Where(p => p.IsPublished);
        if (keys is not null)
        {
            var ids = Keys.Guids(keys);
            procedures = procedures.Where(p => ids.Contains(p.Id));
        }

        var rows = procedures.Join(db.Units, p => p.UnitId, u => u.Id, (p, u) => new
        {
            p.Id, p.UnitId, u.Slug, p.Code, p.NameVi, p.NameEn, p.FieldVi, p.FieldEn, p.ApplicantsVi, p.ResultVi, p.StepsVi, p.ComponentsVi, p.UpdatedAt,
        });
        await foreach (var p in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            var key = p.Id.ToString("D");
            var url = $"/{p.Slug}/thu-tuc/{Uri.EscapeDataString(p.Code)}";
            var text = string.Join(" ", new[] { p.Code, p.FieldVi, p.ApplicantsVi, p.ResultVi }.Concat(p.StepsVi).Concat(p.ComponentsVi)
                .Where(t => !string.IsNullOrWhiteSpace(t)));
            yield return new SearchItem(key, p.UnitId, p.NameVi, text, url, "vi", p.UpdatedAt);
            if (!string.IsNullOrWhiteSpace(p.NameEn))
            {
                yield return new SearchItem(key, p.UnitId, p.NameEn, $"{p.Code} {p.FieldEn ?? p.FieldVi}", url, "en", p.UpdatedAt);
            }
        }
    }
}
