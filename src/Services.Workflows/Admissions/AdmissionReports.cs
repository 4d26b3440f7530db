using System.Globalization;
using System.Text;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Admissions;
using Services.Workflows.Documents;
using Services.Workflows.Runtime;

namespace Services.Workflows.Admissions;

/// <summary>One participating school's seats and the applications ranking it (first choice, any choice).</summary>
public sealed record SchoolFigure(Guid SchoolId, string NameVi, string NameEn, int Seats, int FirstChoice, int AnyChoice);

/// <summary>A campaign's figures for its district office: per school, per status, per day of submission (Vietnam's date).</summary>
public sealed record CampaignFigures(IReadOnlyList<SchoolFigure> Schools, IReadOnlyList<(AdmissionStatus Status, int Count)> Statuses,
    IReadOnlyList<(DateOnly Day, int Count)> Days)
{
    public int Total => Statuses.Sum(s => s.Count);
}

/// <summary>
/// What the district office's staff read of a campaign: its figures, counted by the database, and its applications as
/// a table for CSV and Excel. Both hold the results embargo: until the results are published the draw's statuses are
/// counted and written as the verification they came from, and the export has no placement columns at all.
/// </summary>
public sealed class AdmissionReports(PortalDbContext db)
{
    /// <summary>The status shown for an application: the draw's statuses read as "verified" while the results are under embargo.</summary>
    public static AdmissionStatus Shown(AdmissionStatus status, bool resultsPublished) =>
        resultsPublished || status is AdmissionStatus.Submitted or AdmissionStatus.Verified or AdmissionStatus.Rejected or AdmissionStatus.Withdrawn
            ? status
            : AdmissionStatus.Verified;

    public async Task<CampaignFigures> FiguresAsync(CampaignView campaign, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var id = campaign.Campaign.Id;
        var active = db.AdmissionApplications.AsNoTracking().Where(a => a.CampaignId == id && a.Status != AdmissionStatus.Withdrawn);
        var first = await active.GroupBy(a => a.Choices[0]).Select(g => new { School = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.School, g => g.Count, ct);
        var any = await active.SelectMany(a => a.Choices).GroupBy(school => school).Select(g => new { School = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.School, g => g.Count, ct);
        var statuses = await db.AdmissionApplications.AsNoTracking().Where(a => a.CampaignId == id).GroupBy(a => a.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        // Days of submission in Vietnam (UTC+7, no daylight saving: WorkingCalendar.VietnamOffset), counted by PostgreSQL.
        var days = await db.Database.SqlQuery<DayCount>($"""
            SELECT ((created_at AT TIME ZONE 'UTC') + interval '7 hours')::date AS "Day", count(*)::int AS "Count"
            FROM admission_applications WHERE campaign_id = {id} GROUP BY 1
            """).OrderBy(d => d.Day).ToListAsync(ct);

        var schoolIds = campaign.Campaign.Schools.Select(s => s.SchoolId).ToList();
        var names = await db.Units.AsNoTracking().Where(u => schoolIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => (u.NameVi, u.NameEn), ct);
        var published = campaign.ResultsPublished;
        return new CampaignFigures(
            campaign.Campaign.Schools.Select(s => new SchoolFigure(s.SchoolId, names.GetValueOrDefault(s.SchoolId).NameVi ?? "", names.GetValueOrDefault(s.SchoolId).NameEn ?? "",
                s.Seats, first.GetValueOrDefault(s.SchoolId), any.GetValueOrDefault(s.SchoolId))).OrderBy(s => s.NameVi, StringComparer.Ordinal).ToList(),
            statuses.GroupBy(s => Shown(s.Status, published)).Select(g => (g.Key, g.Sum(s => s.Count))).OrderBy(s => s.Key).ToList(),
            days.Select(d => (d.Day, d.Count)).ToList());
    }

    /// <summary>The campaign's applications, one row each with a header row first; the placement columns only once the results are published.</summary>
    public async Task<IReadOnlyList<string[]>> ApplicationsAsync(CampaignView campaign, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var id = campaign.Campaign.Id;
        var published = campaign.ResultsPublished;
        var rows = await db.AdmissionApplications.AsNoTracking().Where(a => a.CampaignId == id)
            .Join(db.Dossiers, a => a.DossierId, d => d.Id, (a, d) => new
            {
                d.TrackingCode, a.ChildName, a.PersonalId, a.DateOfBirth, a.Ward, a.Residence, a.PriorityOrder, a.Choices, a.Status, a.CreatedAt,
                d.ApplicantName, d.ApplicantPhone,
                // Nothing of the draw is even read under embargo.
                PlacedSchoolId = published ? a.PlacedSchoolId : null, PlacedChoice = published ? a.PlacedChoice : null,
            })
            .OrderBy(r => r.ChildName).ThenBy(r => r.PersonalId).ToListAsync(ct);
        var schoolIds = campaign.Campaign.Schools.Select(s => s.SchoolId).ToList();
        var names = await db.Units.AsNoTracking().Where(u => schoolIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.NameVi, ct);

        string[] header = ["ma_ho_so", "ho_ten", "ma_dinh_danh", "ngay_sinh", "phuong", "cu_tru", "uu_tien", "nguyen_vong", "ngay_nop", "phu_huynh", "dien_thoai", "trang_thai"];
        var table = new List<string[]> { published ? [.. header, "truong_trung_tuyen", "nguyen_vong_trung_tuyen"] : header };
        foreach (var r in rows)
        {
            string[] cells =
            [
                r.TrackingCode, r.ChildName, r.PersonalId, r.DateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.Ward, r.Residence.ToString(),
                r.PriorityOrder?.ToString(CultureInfo.InvariantCulture) ?? "", string.Join(" > ", r.Choices.Select(c => names.GetValueOrDefault(c, ""))),
                r.CreatedAt.ToOffset(WorkingCalendar.VietnamOffset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), r.ApplicantName,
                r.ApplicantPhone ?? "", Shown(r.Status, published).ToString(),
            ];
            table.Add(published
                ? [.. cells, r.PlacedSchoolId is { } s ? names.GetValueOrDefault(s, "") : "", r.PlacedChoice?.ToString(CultureInfo.InvariantCulture) ?? ""]
                : cells);
        }

        return table;
    }

    public static byte[] Csv(IReadOnlyList<string[]> table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var csv = new StringBuilder();
        foreach (var row in table)
        {
            CsvText.AppendLine(csv, row);
        }

        return CsvText.Bytes(csv);
    }

    /// <summary>The same table as an Excel workbook; every cell is text (never a formula), the header bold and frozen.</summary>
    public static byte[] Xlsx(IReadOnlyList<string[]> table)
    {
        ArgumentNullException.ThrowIfNull(table);
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add("ho-so");
        for (var r = 0; r < table.Count; r++)
        {
            for (var c = 0; c < table[r].Length; c++)
            {
                sheet.Cell(r + 1, c + 1).SetValue(table[r][c]);
            }
        }

        sheet.Row(1).Style.Font.Bold = true;
        sheet.SheetView.FreezeRows(1);
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}

/// <summary>One row of the per-day count, as PostgreSQL returns it.</summary>
internal sealed class DayCount
{
    public DateOnly Day { get; init; }
    public int Count { get; init; }
}
