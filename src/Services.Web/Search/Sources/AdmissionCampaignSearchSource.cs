using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Services.Data;

namespace Services.Web.Search.Sources;

/// <summary>Admission campaigns (tuyển sinh đầu cấp), leading to the office's public admission page.</summary>
public sealed class AdmissionCampaignSearchSource : ISearchSource
{
    public string Kind => "tuyen-sinh";

    public async IAsyncEnumerable<SearchItem> ReadAsync(PortalDbContext db, IReadOnlyCollection<string>? keys, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var campaigns = db.AdmissionCampaigns.AsNoTracking();
        if (keys is not null)
        {
            var ids = Keys.Guids(keys);
            campaigns = campaigns.Where(c => ids.Contains(c.Id));
        }

        var rows = campaigns.Join(db.Units, c => c.UnitId, u => u.Id, (c, u) => new
        {
            c.Id, c.UnitId, u.Slug, u.NameVi, u.NameEn, c.SchoolYear, c.Grade, c.RegistrationAt, c.CreatedAt,
        });
        await foreach (var c in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            var key = c.Id.ToString("D");
            var url = $"/{c.Slug}/dich-vu/tuyen-sinh";
            var opens = Localization.VietnamTime.Date(c.RegistrationAt);
            yield return new SearchItem(key, c.UnitId, string.Create(CultureInfo.InvariantCulture, $"Tuyển sinh lớp {c.Grade} năm học {c.SchoolYear}"),
                string.Create(CultureInfo.InvariantCulture, $"{c.NameVi} tuyển sinh đầu cấp vào lớp {c.Grade}; nhận hồ sơ trực tuyến từ {opens}."), url, "vi", c.CreatedAt);
            yield return new SearchItem(key, c.UnitId, string.Create(CultureInfo.InvariantCulture, $"Grade {c.Grade} admissions {c.SchoolYear}"),
                string.Create(CultureInfo.InvariantCulture, $"{c.NameEn}: entry-level admission to grade {c.Grade}; online applications from {opens}."), url, "en", c.CreatedAt);
        }
    }
}
