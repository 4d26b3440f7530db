using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Services.Data.Workflows;
using Services.Data.Identity;
using Services.Web.Localization;
using Services.Web.Pages.Staff;
using Services.Web.Units;
using Services.Workflows.Audit;
using Services.Workflows.Dossiers;
using Services.Workflows.Runtime;

namespace Services.Web.Pages.Audit;

/// <summary>
/// "Who did what": everything one member of staff did on the dossiers and instances of the audited units in a period,
/// newest first, each line leading to the instance's verified history. Choosing a person is a search like any other
/// and is journaled with its filters.
/// </summary>
public sealed class PeopleModel(AuditReports reports, AuditorReads reads, UnitDirectory units, CurrentUnit current, ServiceDefinitions services,
    TimeProvider clock, IStringLocalizer<WorkplaceResource> w) : PageModel
{
    public const int DefaultDays = 30;

    [BindProperty(SupportsGet = true, Name = "nguoi")]
    public Guid? Person { get; set; }

    [BindProperty(SupportsGet = true, Name = "tu")]
    public DateOnly? FromDate { get; set; }

    [BindProperty(SupportsGet = true, Name = "den")]
    public DateOnly? ToDate { get; set; }

    public IReadOnlyList<UnitView> Scope { get; private set; } = [];
    public IReadOnlyList<AuditPerson> People { get; private set; } = [];
    public AuditPerson? Chosen { get; private set; }
    public PersonReport? Report { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Scope = await AuditScope.UnitsAsync(units, current.Unit, ct);
        var ids = Scope.Select(u => u.Id).ToList();
        People = await reports.PeopleAsync(ids, ct);
        (FromDate, ToDate) = AuditPeriod.Of(FromDate, ToDate, DefaultDays, clock);
        if (Person is not { } person)
        {
            return Page();
        }

        Chosen = People.FirstOrDefault(p => p.UserId == person);
        if (Chosen is null)
        {
            // Nobody by that account acted in the audited units: nothing of theirs is shown, and nothing says whether they exist.
            return NotFound();
        }

        await reads.RecordAsync(current.Unit.Id, AuditorReads.Report, new Dictionary<string, string?>
        {
            ["report"] = "person", ["person"] = person.ToString(), ["from"] = AuditPeriod.Iso(FromDate!.Value), ["to"] = AuditPeriod.Iso(ToDate!.Value),
        }, StaffActor.For(User, HttpContext, current.Unit.Id, PortalRole.Auditor), ct);
        var (from, until) = AuditPeriod.Instants(FromDate!.Value, ToDate!.Value);
        Report = await reports.PersonAsync(ids, person, from, until, ct);
        return Page();
    }

    public string UnitName(Guid id) => Scope.FirstOrDefault(u => u.Id == id)?.Name ?? "?";

    /// <summary>What the entry did in the service's words (the runtime's own action text is English).</summary>
    public string WhatHappened(PersonAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return services.ForWorkflow(action.DefinitionName) is { } service
            ? HistoryLine.Of(new JournalEntry
            {
                EventId = action.EventId, Action = action.Action, ActorName = "", StepBefore = action.StepBefore, StepAfter = action.StepAfter,
                PayloadSha256 = "", PrevHash = "", Hash = "",
            }, service, w).Text
            : action.Action;
    }

    public string RoleName(string? role) => role is not null && Enum.TryParse<PortalRole>(role, out var parsed) ? w[$"Role.{parsed}"] : "";
}

/// <summary>The period of an auditor's report: whole Vietnamese days, the last <c>days</c> by the portal's clock unless chosen.</summary>
public static class AuditPeriod
{
    public static (DateOnly From, DateOnly To) Of(DateOnly? from, DateOnly? to, int days, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var end = to ?? VietnamTime.Today(clock);
        var start = from ?? end.AddDays(1 - days);
        return start > end ? (end, start) : (start, end);
    }

    /// <summary>From the first instant of <paramref name="from"/> to the first instant after <paramref name="to"/>, Vietnam time.</summary>
    public static (DateTimeOffset From, DateTimeOffset Until) Instants(DateOnly from, DateOnly to) =>
        (WorkingCalendar.At(from, TimeOnly.MinValue), WorkingCalendar.At(to.AddDays(1), TimeOnly.MinValue));

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
