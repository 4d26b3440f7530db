using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Services.Data.Identity;
using Services.Web.Localization;
using Services.Web.Pages.Staff;
using Services.Web.Units;
using Services.Workflows.Audit;

namespace Services.Web.Pages.Audit;

/// <summary>
/// Service-level statistics of the audited units: per unit and service, the human steps of a period, the share
/// finished on time, and the median and worst delay of the late ones; drawn as bars on the server (no script) beside
/// the table that says the same. Looking is journaled like every auditor's search.
/// </summary>
public sealed class SlaModel(AuditReports reports, AuditorReads reads, UnitDirectory units, CurrentUnit current, TimeProvider clock) : PageModel
{
    public const int DefaultDays = 90;

    [BindProperty(SupportsGet = true, Name = "tu")]
    public DateOnly? FromDate { get; set; }

    [BindProperty(SupportsGet = true, Name = "den")]
    public DateOnly? ToDate { get; set; }

    public IReadOnlyList<UnitView> Scope { get; private set; } = [];
    public IReadOnlyList<SlaFigures> Figures { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Scope = await AuditScope.UnitsAsync(units, current.Unit, ct);
        (FromDate, ToDate) = AuditPeriod.Of(FromDate, ToDate, DefaultDays, clock);
        await reads.RecordAsync(current.Unit.Id, AuditorReads.Report, new Dictionary<string, string?>
        {
            ["report"] = "sla", ["from"] = AuditPeriod.Iso(FromDate!.Value), ["to"] = AuditPeriod.Iso(ToDate!.Value),
        }, StaffActor.For(User, HttpContext, current.Unit.Id, PortalRole.Auditor), ct);
        var (from, until) = AuditPeriod.Instants(FromDate!.Value, ToDate!.Value);
        Figures = [.. (await reports.SlaAsync(Scope.Select(u => u.Id).ToList(), from, until, ct))
            .OrderBy(f => Scope.ToList().FindIndex(u => u.Id == f.UnitId)).ThenBy(f => f.Title(CulturePathMiddleware.IsEnglish), StringComparer.CurrentCulture)];
    }

    public string UnitName(Guid id) => Scope.FirstOrDefault(u => u.Id == id)?.Name ?? "?";

    public static string Delay(double? seconds) => seconds is { } s ? AuditReports.Delay(s, CulturePathMiddleware.IsEnglish) : "—";
}
