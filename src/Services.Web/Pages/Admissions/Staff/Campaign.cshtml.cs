using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Services.Web.Localization;
using Services.Web.Units;
using Services.Workflows.Admissions;

namespace Services.Web.Pages.Admissions.Staff;

/// <summary>
/// A campaign's dashboard for its district office's staff: applications per school against the quota, by status and by
/// day, as charts with their tables; and the campaign's applications as CSV and Excel. Only the office that runs the
/// campaign sees it (any other unit: 404). The figures and the downloads hold the results embargo (<see cref="AdmissionReports"/>).
/// </summary>
public sealed class CampaignModel(CurrentUnit current, AdmissionCampaigns campaigns, AdmissionReports reports, IStringLocalizer<SharedResource> t) : PageModel
{
    public CampaignView Campaign { get; private set; } = null!;
    public CampaignFigures Figures { get; private set; } = null!;
    public IReadOnlyList<ChartView> Charts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Figures = await reports.FiguresAsync(Campaign, ct);
        Charts = ChartsOf(Figures);
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(Guid id, CancellationToken ct) =>
        await DownloadAsync(id, AdmissionReports.Csv, "text/csv; charset=utf-8", "csv", ct);

    public async Task<IActionResult> OnGetXlsxAsync(Guid id, CancellationToken ct) =>
        await DownloadAsync(id, AdmissionReports.Xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", ct);

    private async Task<IActionResult> DownloadAsync(Guid id, Func<IReadOnlyList<string[]>, byte[]> write, string contentType, string extension, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "no-store";
        var c = Campaign.Campaign;
        return File(write(await reports.ApplicationsAsync(Campaign, ct)), contentType, $"tuyen-sinh-lop-{c.Grade}-{c.SchoolYear}.{extension}");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        // Scoped to the office in the route: another unit's campaign is not found, whoever asks.
        if (await campaigns.FindAsync(id, ct) is not { } campaign || campaign.Campaign.UnitId != current.Unit.Id)
        {
            return false;
        }

        Campaign = campaign;
        return true;
    }

    private List<ChartView> ChartsOf(CampaignFigures figures)
    {
        var english = CulturePathMiddleware.IsEnglish;
        var count = t["Admissions.Dashboard.Count"].Value;
        return
        [
            new ChartView("chart-schools", t["Admissions.Dashboard.Schools"], "bar", figures.Schools.Select(s => english && s.NameEn.Length > 0 ? s.NameEn : s.NameVi).ToList(),
            [
                new ChartSeries(t["Admissions.Seats"], figures.Schools.Select(s => (decimal)s.Seats).ToList()),
                new ChartSeries(t["Admissions.Dashboard.FirstChoice"], figures.Schools.Select(s => (decimal)s.FirstChoice).ToList()),
                new ChartSeries(t["Admissions.Dashboard.AnyChoice"], figures.Schools.Select(s => (decimal)s.AnyChoice).ToList()),
            ], t["Admissions.School"]),
            new ChartView("chart-statuses", t["Admissions.Dashboard.Statuses"], "bar", figures.Statuses.Select(s => t[$"Admissions.Status.{s.Status}"].Value).ToList(),
                [new ChartSeries(count, figures.Statuses.Select(s => (decimal)s.Count).ToList())], t["Admissions.Dashboard.Status"]),
            new ChartView("chart-days", t["Admissions.Dashboard.Days"], "line",
                figures.Days.Select(d => d.Day.ToString(english ? "yyyy-MM-dd" : "dd/MM/yyyy", CultureInfo.InvariantCulture)).ToList(),
                [new ChartSeries(count, figures.Days.Select(d => (decimal)d.Count).ToList())], t["Admissions.Dashboard.Day"]),
        ];
    }
}
