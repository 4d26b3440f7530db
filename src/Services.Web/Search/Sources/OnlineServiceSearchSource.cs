using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Workflows.Dossiers;

namespace Services.Web.Search.Sources;

/// <summary>
/// Each unit's "Dịch vụ công": what every registered service offers there, exactly as the unit's page lists it. The
/// key is the unit: its forms, its kind and its campaigns decide its offerings, and triggers on those tables name it.
/// </summary>
public sealed class OnlineServiceSearchSource(ServiceDefinitions services) : ISearchSource
{
    public string Kind => "dich-vu";

    public async IAsyncEnumerable<SearchItem> ReadAsync(PortalDbContext db, IReadOnlyCollection<string>? keys, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var units = db.Units.AsNoTracking();
        if (keys is not null)
        {
            var ids = Keys.Guids(keys);
            units = units.Where(u => ids.Contains(u.Id));
        }

        // One query per service for every unit, not one per unit and service: a rebuild reads the whole city.
        var rows = await units.Select(u => new { u.Id, u.Slug }).ToListAsync(ct);
        var unitIds = rows.Select(u => u.Id).ToList();
        var offered = new List<ILookup<Guid, ServiceOffering>>();
        foreach (var service in services.All)
        {
            offered.Add(await service.OfferingsAsync(db, unitIds, includeUnpublished: false, ct));
        }

        foreach (var unit in rows)
        {
            var key = unit.Id.ToString("D");
            foreach (var offering in offered.SelectMany(o => o[unit.Id]))
            {
                var url = $"/{unit.Slug}/{offering.PathInUnit}";
                yield return new SearchItem(key, unit.Id, offering.TitleVi, offering.DescriptionVi, url, "vi", null);
                yield return new SearchItem(key, unit.Id, offering.TitleEn, offering.DescriptionEn, url, "en", null);
            }
        }
    }
}
