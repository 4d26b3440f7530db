using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Services.Data.Identity;
using Services.Web.Localization;
using Services.Web.Pages.Staff;
using Services.Web.Units;
using Services.Workflows.Audit;
using Services.Workflows.Dossiers;
using Services.Workflows.Runtime;

namespace Services.Web.Pages.Audit;

/// <summary>
/// One dossier's (or other instance's) complete history for an auditor: every journal entry with the data it changed,
/// each human step's time against its due time, the workflow drawn with the path taken, and the verdict of its chain
/// against the checkpoints. Opening it and exporting it are journaled; an instance outside the auditor's units is a 404.
/// </summary>
public sealed class HistoryModel(
    InstanceHistory histories, AuditorReads reads, UnitDirectory units, CurrentUnit current, ServiceDefinitions services, WorkflowRegistry registry,
    TimeProvider clock, IStringLocalizer<AuditResource> a, IStringLocalizer<WorkplaceResource> w) : PageModel
{
    public AuditHistory History { get; private set; } = null!;
    public ServiceDefinition? Service { get; private set; }
    public WorkflowBlueprint Blueprint { get; private set; } = null!;
    public IReadOnlyList<UnitView> Scope { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, AuditorReads.History, ct))
        {
            return NotFound();
        }

        return Page();
    }

    /// <summary>The full history as JSON with the inclusion proofs, checkable offline with <c>verify-history</c>.</summary>
    public async Task<IActionResult> OnGetJsonAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, AuditorReads.Export, ct))
        {
            return NotFound();
        }

        var export = HistoryExport.Of(History, clock.GetUtcNow());
        Response.Headers.CacheControl = "no-store";
        return File(JsonSerializer.SerializeToUtf8Bytes(export, HistoryExport.Json), "application/json", $"lich-su-{History.Instance.Correlation}.json");
    }

    /// <summary>
    /// The same history as a PDF to read and file (in Vietnamese, like every document the portal prints); the JSON
    /// export stays the copy to verify.
    /// </summary>
    public async Task<IActionResult> OnGetPdfAsync(Guid id, [FromServices] PortalDbContext db, CancellationToken ct)
    {
        if (!await LoadAsync(id, AuditorReads.Export, ct))
        {
            return NotFound();
        }

        var correlation = History.Instance.Correlation;
        var title = await db.Dossiers.AsNoTracking().Where(d => d.TrackingCode == correlation).Select(d => d.ServiceTitleVi).FirstOrDefaultAsync(ct);

        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("vi-VN");
        try
        {
            var pdf = HistoryDocument.Render(Print(title ?? History.Instance.DefinitionName));
            Response.Headers.CacheControl = "no-store";
            return File(pdf, "application/pdf", $"lich-su-{History.Instance.Correlation}.pdf");
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }

    /// <summary>The page's content for the PDF; arrows become words (the documents' serif font has no arrow glyph).</summary>
    private HistoryPrint Print(string service)
    {
        var h = History;
        var verdict = h.Verdict;
        var steps = h.Steps.Select(s => new HistoryPrintStep(StepLabel(s.Step), $"{RoleName(s.Role.ToString())} · {UnitName(s.UnitId)}" +
            (s.DecidedBy is null ? "" : $" · {s.DecidedBy}"), SlaText(s), s.Started, s.DueAt, s.Finished)).ToList();
        var entries = h.Entries.Select(item =>
        {
            var e = item.Entry;
            var actor = (e.ActorName.StartsWith("system:", StringComparison.Ordinal) ? a["Audit.Timeline.System"].Value : e.ActorName) +
                (e.ActorRole is null ? "" : ", " + RoleName(e.ActorRole)) + (e.ActorUnitId is null ? "" : " · " + UnitName(e.ActorUnitId));
            return new HistoryPrintEntry(e.Seq, e.OccurredAt, WhatHappened(e), actor, e.StepBefore == e.StepAfter ? StepLabel(e.StepAfter) : $"{StepLabel(e.StepBefore)}, chuyển sang {StepLabel(e.StepAfter)}", e.ActorIp,
                [.. item.Changes.Select(c => $"{c.Key}: từ {c.Before ?? "(trống)"} thành {c.After ?? "(trống)"}")], e.Hash[..16], !verdict.Intact && verdict.BrokenSeq == e.Seq);
        }).ToList();
        return new HistoryPrint(h.Instance.Correlation, service, UnitName(h.Instance.UnitId), StepLabel(h.Instance.CurrentStep), VerdictText(),
            verdict.Intact, string.Join(", ", h.Path.Select(StepLabel)), steps, entries, User.Identity?.Name ?? "", clock.GetUtcNow());
    }

    public string UnitName(Guid? id) => id is { } unitId && Scope.FirstOrDefault(u => u.Id == unitId) is { } unit ? unit.Name : "";

    public string StepLabel(string? step) => step is null ? "" :
        Service?.StepLabel(step) ?? (Blueprint.HasStep(step) ? Blueprint.Step(step).Title : step);

    /// <summary>What the entry did, in the service's words when it is a dossier's (the runtime's own action text is English).</summary>
    public string WhatHappened(Services.Data.Workflows.JournalEntry entry) =>
        Service is null ? entry.Action : HistoryLine.Of(entry, Service, w).Text;

    public string RoleName(string? role) => role is not null && Enum.TryParse<PortalRole>(role, out var parsed) ? w[$"Role.{parsed}"] : "";

    public string SlaText(StepSla step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var late = step.Late;
        return step.Status switch
        {
            Services.Data.Workflows.HumanTaskStatus.Cancelled => a["Audit.Sla.Cancelled"],
            Services.Data.Workflows.HumanTaskStatus.Open when step.OnTime => a["Audit.Sla.Open"],
            Services.Data.Workflows.HumanTaskStatus.Open => a["Audit.Sla.OpenLate", (int)late.TotalDays, late.Hours],
            _ when step.OnTime => a["Audit.Sla.OnTime"],
            _ => a["Audit.Sla.Late", (int)late.TotalDays, late.Hours],
        };
    }

    public string VerdictText()
    {
        var v = History.Verdict;
        if (v.Intact)
        {
            return v.Checkpoint is { } k
                ? v.Sealed == v.Entries ? a["Audit.Verdict.Sealed", v.Entries, k] : a["Audit.Verdict.PartlySealed", v.Entries, k, v.Entries - v.Sealed]
                : a["Audit.Verdict.Unsealed", v.Entries];
        }

        return a[$"Audit.Verdict.{v.Fault}", v.BrokenSeq ?? 0, v.Checkpoint ?? 0];
    }

    private async Task<bool> LoadAsync(Guid id, string action, CancellationToken ct)
    {
        Scope = await AuditScope.UnitsAsync(units, current.Unit, ct);
        var history = await histories.ReadAsync(id, ct);
        if (history is null || Scope.All(u => u.Id != history.Instance.UnitId))
        {
            return false;
        }

        await reads.RecordAsync(current.Unit.Id, action, new Dictionary<string, string?>
        {
            ["instance"] = history.Instance.Id.ToString(), ["correlation"] = history.Instance.Correlation,
        }, StaffActor.For(User, HttpContext, current.Unit.Id, PortalRole.Auditor), ct);
        History = history;
        Service = services.ForWorkflow(history.Instance.DefinitionName);
        Blueprint = registry.Get(history.Instance.DefinitionName, history.Instance.DefinitionVersion);
        return true;
    }
}
