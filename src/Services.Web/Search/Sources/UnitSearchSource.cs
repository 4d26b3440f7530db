using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Services.Data;

namespace Services.Web.Search.Sources;

/// <summary>Every unit (the department, the offices, the schools) by name and address, leading to its portal.</summary>
public sealed class UnitSearchSource : ISearchSource
{
    public string Kind => "don-vi";

    public async IAsyncEnumerable<SearchItem> ReadAsync(PortalDbContext db, IReadOnlyCollection<string>? keys, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var units = db.Units.AsNoTracking();
        if (keys is not null)
        {
            var ids = Keys.Guids(keys);
            units = units.Where(u => ids.Contains(u.Id));
        }

        var rows = units.Select(u => new { u.Id, u.Slug, u.ParentId, u.NameVi, u.NameEn, u.Address, u.Phone, u.Email, u.CreatedAt });
        await foreach (var u in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            var key = u.Id.ToString("D");
            var url = u.ParentId is null ? "/" : $"/{u.Slug}";
            var text = $"{u.Address} {u.Phone} {u.Email}";
            yield return new SearchItem(key, u.Id, u.NameVi, text, url, "vi", u.CreatedAt);
            yield return new SearchItem(key, u.Id, u.NameEn, text, url, "en", u.CreatedAt);
        }
    }
}
