using Microsoft.Extensions.Localization;
using Services.Data.Workflows;
using Services.Web.Localization;
using Services.Workflows.Runtime;

namespace Services.Web.Pages.Staff;

/// <summary>
/// What staff are told when the engine refuses an action: always a Vietnamese (or English) sentence about the dossier,
/// worked out from the task as it now stands, never the exception's own text.
/// </summary>
public static class StaffOutcomes
{
    /// <summary>True for the engine's refusals a person can cause by racing a colleague or acting on a stale page.</summary>
    public static bool IsRefusal(Exception exception) =>
        exception is TaskAlreadyDecidedException or TaskActionRefusedException or WorkflowConcurrencyException or WorkflowInstanceNotFoundException;

    public static async Task<string> MessageAsync(Exception exception, Guid taskId, TaskQueries tasks, Guid? me, Guid unitId,
        IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(t);
        if (exception is TaskAlreadyDecidedException decided)
        {
            return t["Staff.AlreadyDecided", decided.DecidedBy, VietnamTime.DateTime(decided.DecidedAt)];
        }

        var task = await tasks.GetAsync(taskId, ct);
        return task switch
        {
            null => t["Staff.StepChanged"],
            { Status: HumanTaskStatus.Decided } => t["Staff.AlreadyDecided", task.DecidedByName ?? "?", task.DecidedAt is { } at ? VietnamTime.DateTime(at) : "?"],
            { Status: not HumanTaskStatus.Open } => t["Staff.StepChanged"],
            _ when task.UnitId != unitId => t["Staff.NotYourStep"],
            { AssigneeId: { } assignee } when assignee != me => t["Staff.ClaimedBy", task.AssigneeName ?? "?"],
            _ => t["Staff.NotYourStep"],
        };
    }
}
