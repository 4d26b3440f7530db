using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;
using Services.Data.Identity;
using Services.Web.Localization;
using Services.Web.Security;
using Services.Web.Units;
using Services.Workflows.Operations;
using Services.Workflows.Runtime;

namespace Services.Web.Pages.Admin.Operations;

/// <summary>
/// The operations console. <c>/quan-tri/van-hanh</c> shows the whole city and only a system admin passes the folder's
/// policy there (no unit in the route); <c>/quan-tri/{unit}/van-hanh</c> shows one unit to its admins. The scope comes
/// from the route alone, and every action checks that its incident or message lies within it.
/// </summary>
public sealed class IndexModel(
    OperationsQueries queries,
    IncidentService incidents,
    OutboxAdmin outbox,
    DeadLetterDiscards discards,
    CurrentUnit current,
    IStringLocalizer<OperationsResource> text,
    ILogger<IndexModel> log) : PageModel
{
    public IReadOnlyList<OpenIncident> Incidents { get; private set; } = [];
    public IReadOnlyList<DeadLetter> DeadLetters { get; private set; } = [];
    public TimerBacklog Timers { get; private set; } = new(0, 0, []);
    public IReadOnlyList<StuckInstance> Stuck { get; private set; } = [];
    public IReadOnlyList<BacklogRow> Backlog { get; private set; } = [];

    /// <summary>The unit this console is narrowed to; null for the whole city.</summary>
    public UnitView? Unit { get; private set; }

    [TempData]
    public string? Notice { get; set; }

    [TempData]
    public bool NoticeIsWarning { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var scope = Scope();
        Incidents = await queries.IncidentsAsync(scope, ct);
        DeadLetters = await queries.DeadLettersAsync(scope, ct);
        Timers = await queries.TimersAsync(scope, ct);
        Stuck = await queries.StuckAsync(scope, ct);
        Backlog = await queries.BacklogAsync(scope, ct);
    }

    public Task<IActionResult> OnPostRetryIncidentAsync(Guid id, CancellationToken ct) =>
        ActOnIncidentAsync(id, retry: true, ct);

    public Task<IActionResult> OnPostCancelIncidentAsync(Guid id, CancellationToken ct) =>
        ActOnIncidentAsync(id, retry: false, ct);

    public async Task<IActionResult> OnPostRetryDeadLetterAsync(Guid id, CancellationToken ct)
    {
        var done = await queries.DeadLetterInScopeAsync(id, Scope(), ct) && await GuardAsync(() => outbox.RetryAsync(id, ct));
        return Done(done, "Ops.Done.Requeued", "Ops.Refused.DeadLetter");
    }

    public async Task<IActionResult> OnPostDiscardDeadLetterAsync(Guid id, string? reason, CancellationToken ct)
    {
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > DeadLetterDiscards.ReasonMaxLength)
        {
            return Done(false, "", "Ops.Refused.NoReason");
        }

        var done = await queries.DeadLetterInScopeAsync(id, Scope(), ct) && await GuardAsync(() => discards.DiscardAsync(id, reason, ActorName(), ct));
        return Done(done, "Ops.Done.Discarded", "Ops.Refused.DeadLetter");
    }

    private async Task<IActionResult> ActOnIncidentAsync(Guid id, bool retry, CancellationToken ct)
    {
        if (!await queries.IncidentInScopeAsync(id, Scope(), ct))
        {
            return Done(false, "", "Ops.Refused.Incident");
        }

        var actor = new Actor(User.UserId(), User.IsSystemAdmin() ? PortalRole.SystemAdmin : PortalRole.UnitAdmin, Unit?.Id,
            HttpContext.Connection.RemoteIpAddress?.ToString(), ActorName());
        var done = await GuardAsync(async () =>
        {
            await (retry ? incidents.RetryAsync(id, actor, ct) : incidents.CancelAsync(id, actor, ct));
            return true;
        });
        return Done(done, retry ? "Ops.Done.Retried" : "Ops.Done.Cancelled", "Ops.Refused.Incident");
    }

    /// <summary>
    /// A refusal by the runtime (already resolved by someone else a moment ago, an instance that may not be retried)
    /// reads as "nothing changed", never as the exception's English text.
    /// </summary>
    private async Task<bool> GuardAsync(Func<Task<bool>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is InvalidOperationException or WorkflowConcurrencyException or WorkflowInstanceNotFoundException or TaskActionRefusedException)
        {
            log.LogInformation(e, "An operator's action was refused");
            return false;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
        {
            log.LogWarning(e, "An operator's action lost a race");
            return false;
        }
    }

    private RedirectToPageResult Done(bool done, string doneKey, string refusedKey)
    {
        Notice = text[done ? doneKey : refusedKey];
        NoticeIsWarning = !done;
        return RedirectToPage();
    }

    private Guid? Scope()
    {
        Unit = RouteData.Values.ContainsKey("unit") ? current.Unit : null;
        return Unit?.Id;
    }

    private string ActorName() => User.FindFirst(PortalClaims.FullName)?.Value ?? User.Identity?.Name ?? "?";
}
