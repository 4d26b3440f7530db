using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Admissions;
using Services.Web.Units;
using Services.Workflows.Admissions;
using Services.Workflows.Documents;

namespace Services.Web.Pages.Admissions.Staff;

/// <summary>
/// A school's applicants (everyone who ranked it), on screen and as CSV. The placement column stays empty until the
/// results are published: the embargo holds for staff exports as for families.
/// </summary>
public sealed class ListModel(PortalDbContext db, CurrentUnit current, AdmissionCampaigns campaigns) : PageModel
{
    public sealed record Row(string TrackingCode, string ChildName, DateOnly DateOfBirth, string Ward, ResidenceCategory Residence, int? Priority, int ChoiceNumber,
        AdmissionStatus? Status, bool PlacedHere);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    /// <summary>The campaigns this unit runs (a district office's), newest first, each with its dashboard.</summary>
    public IReadOnlyList<(Guid Id, int Grade, string SchoolYear)> Campaigns { get; private set; } = [];
    public bool ResultsPublished { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var csv = new StringBuilder();
        CsvText.AppendLine(csv, ["ma_ho_so", "ho_ten", "ngay_sinh", "phuong", "cu_tru", "uu_tien", "nguyen_vong", "trang_thai", "trung_tuyen_tai_truong"]);
        foreach (var r in Rows)
        {
            CsvText.AppendLine(csv, [r.TrackingCode, r.ChildName, r.DateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.Ward,
                r.Residence.ToString(), r.Priority?.ToString(CultureInfo.InvariantCulture) ?? "", r.ChoiceNumber.ToString(CultureInfo.InvariantCulture),
                r.Status?.ToString() ?? "", ResultsPublished ? (r.PlacedHere ? "1" : "0") : ""]);
        }

        Response.Headers.CacheControl = "no-store";
        return File(CsvText.Bytes(csv), "text/csv; charset=utf-8", $"tuyen-sinh-{current.Unit.Slug}.csv");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Campaigns = (await db.AdmissionCampaigns.AsNoTracking().Where(c => c.UnitId == current.Unit.Id).OrderByDescending(c => c.RegistrationAt)
            .Select(c => new { c.Id, c.Grade, c.SchoolYear }).ToListAsync(ct)).Select(c => (c.Id, c.Grade, c.SchoolYear)).ToList();
        var schoolId = current.Unit.Id;
        var rows = await db.AdmissionApplications.AsNoTracking().Where(a => a.Choices.Contains(schoolId) && a.Status != AdmissionStatus.Withdrawn)
            .Join(db.Dossiers, a => a.DossierId, d => d.Id, (a, d) => new { a, d.TrackingCode }).OrderBy(x => x.a.ChildName).ToListAsync(ct);
        var published = new Dictionary<Guid, bool>();
        foreach (var campaignId in rows.Select(r => r.a.CampaignId).Distinct())
        {
            published[campaignId] = (await campaigns.FindAsync(campaignId, ct))?.ResultsPublished == true;
        }

        ResultsPublished = published.Count > 0 && published.Values.All(p => p);
        // Before publication the draw's statuses are hidden too: they would tell who was placed.
        Rows = rows.Select(x => new Row(x.TrackingCode, x.a.ChildName, x.a.DateOfBirth, x.a.Ward, x.a.Residence, x.a.PriorityOrder, x.a.Choices.IndexOf(schoolId) + 1,
            published[x.a.CampaignId] || x.a.Status is AdmissionStatus.Submitted or AdmissionStatus.Verified or AdmissionStatus.Rejected ? x.a.Status : null,
            published[x.a.CampaignId] && x.a.PlacedSchoolId == schoolId)).ToList();
    }
}
