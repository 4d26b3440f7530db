using System.Text.Json.Nodes;
using Npgsql;
using Services.Data.Workflows;

namespace Services.Workflows.Runtime;

/// <summary>
/// What staff do with human tasks. Every action is one unit of work that locks the task's instance, then the task
/// (<see cref="LockedInstance"/>), so of two people acting at the same moment exactly one succeeds and the other is
/// told who was first (<see cref="TaskAlreadyDecidedException"/>, <see cref="DecisionOutcome.AlreadyDecided"/>) or why
/// not (<see cref="TaskActionRefusedException.Reason"/>). Each action is journaled.
/// </summary>
public sealed class TaskService(NpgsqlDataSource dataSource, WorkflowRuntime runtime, TimeProvider clock)
{
    /// <summary>Takes an open task for the actor (who must hold the task's role in its unit).</summary>
    public Task ClaimAsync(Guid taskId, Actor actor, CancellationToken cancellationToken = default) =>
        ChangeAssigneeAsync(taskId, actor, actor.UserId, actor.DisplayName, "claimed", requireAssignee: null, cancellationToken);

    /// <summary>Gives a claimed task back to the queue; only its assignee may.</summary>
    public Task ReleaseAsync(Guid taskId, Actor actor, CancellationToken cancellationToken = default) =>
        ChangeAssigneeAsync(taskId, actor, null, null, "released", requireAssignee: actor.UserId, cancellationToken);

    /// <summary>Hands an open task to someone else of the same unit (a leader's move, or the assignee's own).</summary>
    public Task ReassignAsync(Guid taskId, Guid assigneeId, string assigneeName, Actor actor, CancellationToken cancellationToken = default) =>
        ChangeAssigneeAsync(taskId, actor, assigneeId, assigneeName, $"reassigned to {assigneeName}", requireAssignee: null, cancellationToken);

    /// <summary>
    /// Decides the task with <paramref name="outcome"/> (an event of its step) and moves the instance on, in one
    /// transaction. If someone decided first, returns <see cref="DecisionOutcome.AlreadyDecided"/> with who and when.
    /// </summary>
    public Task<DecisionResult> DecideAsync(Guid taskId, string outcome, string? comment, Actor actor, CancellationToken cancellationToken = default) =>
        DecideAsync(taskId, outcome, comment, null, actor, cancellationToken);

    /// <summary>
    /// <see cref="DecideAsync(Guid, string, string?, Actor, CancellationToken)"/> with <paramref name="data"/> the decision
    /// carries (a grader's score), merged into the state, or kept under <c>state[parallel][branch]</c> for a branch's task.
    /// In a quorum (<see cref="StepDefinition.DistinctDeciders"/>) no one may decide two of its tasks.
    /// </summary>
    public async Task<DecisionResult> DecideAsync(Guid taskId, string outcome, string? comment, JsonObject? data, Actor actor,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var userId = actor.UserId ?? throw new TaskActionRefusedException(TaskRefusal.NotSignedIn, "Only a signed-in user can decide a task.");
        var eventId = $"task:{taskId}";
        return await LockedInstance.RunForTaskAsync(dataSource, taskId, () => NoSuchTask(taskId), async locked =>
        {
            var (task, seen) = await LockAsync(locked, taskId, eventId, cancellationToken);
            EnsureMayWork(task, actor);
            if (task.Status == HumanTaskStatus.Decided)
            {
                return new DecisionResult(DecisionOutcome.AlreadyDecided, taskId, task.DecidedByName, task.DecidedAt, task.Outcome, null);
            }

            EnsureOpen(task);
            if (task.AssigneeId is { } assignee && assignee != userId)
            {
                throw new TaskActionRefusedException(TaskRefusal.ClaimedByOther, $"The task is assigned to {task.AssigneeName}.", task.AssigneeName);
            }

            var blueprint = runtime.Registry.Get(task.DefinitionName, task.Version);
            if (blueprint.Step(task.Step).On(outcome) is null)
            {
                throw new TaskActionRefusedException(TaskRefusal.NotADecision, $"'{outcome}' is not a decision of step {task.Step}.");
            }

            if (blueprint.ParallelOf.TryGetValue(task.Step, out var parallel) && parallel.DistinctDeciders)
            {
                await using var twice = locked.Command(
                    "SELECT EXISTS (SELECT 1 FROM workflow_branches WHERE instance_id = $1 AND parallel_step = $2 AND status = 'Ended' AND ended_by_id = $3)",
                    locked.Id, parallel.Name, userId);
                if ((bool)(await twice.ExecuteScalarAsync(cancellationToken))!)
                {
                    throw new TaskActionRefusedException(TaskRefusal.AlreadyDecidedAnotherSeat,
                        $"You already decided another task of step {parallel.Name}; each of its tasks needs a different person.");
                }
            }

            var now = clock.GetUtcNow();
            // The decision and the transition it makes are sent together, in one round trip, and only if the event applies.
            await using var write = locked.NewBatch();
            write.BatchCommands.Add(Sql.Command(
                "UPDATE workflow_tasks SET status = 'Decided', outcome = $2, comment = $3, decided_by_id = $4, decided_by_name = $5, decided_at = $6 WHERE id = $1",
                taskId, outcome, comment, userId, actor.DisplayName, now));
            var payload = data?.DeepClone().AsObject() ?? [];
            payload["lastOutcome"] = outcome;
            payload["lastComment"] = comment;
            payload["lastDecidedBy"] = actor.DisplayName;
            var transition = await runtime.ApplyAsync(write, locked, seen, new WorkflowEvent(eventId, outcome, payload, task.Step), actor, null, cancellationToken);
            if (transition.Outcome != TransitionOutcome.Applied)
            {
                // Nothing was sent; throwing ends the transaction without a trace.
                throw new TaskActionRefusedException(TaskRefusal.NotOpen, $"The workflow did not accept '{outcome}' ({transition.Outcome}).");
            }

            return new DecisionResult(DecisionOutcome.Decided, taskId, actor.DisplayName, now, outcome, transition);
        }, cancellationToken);
    }

    private async Task ChangeAssigneeAsync(Guid taskId, Actor actor, Guid? assigneeId, string? assigneeName, string action, Guid? requireAssignee,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.UserId is null)
        {
            throw new TaskActionRefusedException(TaskRefusal.NotSignedIn, "Only a signed-in user can work on tasks.");
        }

        await LockedInstance.RunForTaskAsync(dataSource, taskId, () => NoSuchTask(taskId), async locked =>
        {
            var (task, _) = await LockAsync(locked, taskId, null, cancellationToken);
            if (action == "claimed")
            {
                EnsureMayWork(task, actor);
            }
            else if (task.UnitId != actor.UnitId)
            {
                throw new TaskActionRefusedException(TaskRefusal.NotYourTask, "The task belongs to another unit.");
            }

            EnsureOpen(task);
            if (action == "claimed" && task.AssigneeId is { } other && other != actor.UserId)
            {
                throw new TaskActionRefusedException(TaskRefusal.ClaimedByOther, $"The task is already claimed by {task.AssigneeName}.", task.AssigneeName);
            }

            if (requireAssignee is { } required && task.AssigneeId != required)
            {
                throw new TaskActionRefusedException(TaskRefusal.NotAssignee, "Only the assignee can release the task.");
            }

            if (assigneeId is { } newAssignee && newAssignee != actor.UserId)
            {
                await using var member = locked.Command(
                    "SELECT EXISTS (SELECT 1 FROM unit_memberships WHERE user_id = $1 AND unit_id = $2 AND role = $3)", newAssignee, task.UnitId, task.Role);
                if (!(bool)(await member.ExecuteScalarAsync(cancellationToken))!)
                {
                    throw new TaskActionRefusedException(TaskRefusal.NotYourTask, $"{assigneeName} does not hold the role {task.Role} in the task's unit.");
                }
            }

            var now = clock.GetUtcNow();
            await using var batch = locked.NewBatch();
            batch.BatchCommands.Add(Sql.Command(
                "UPDATE workflow_tasks SET assignee_id = $2, assignee_name = $3, claimed_at = $4 WHERE id = $1",
                taskId, assigneeId, assigneeName, assigneeId is null ? null : now));
            StepWriter.JournalOnly(batch, locked.Instance, $"task:{taskId}:{action.Split(' ')[0]}:{now.UtcTicks}", StepWriter.Truncate($"task {task.Step} {action}", 200),
                actor, assigneeId?.ToString() ?? "", now);
            await batch.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    /// <summary>Fired by the reminder timer: an in-app message to the assignee, or to everyone of the role if unclaimed.</summary>
    /// <returns>False when the timer was no longer this worker's to fire (<paramref name="markFired"/> said so): nothing was done.</returns>
    internal static async Task<bool> RemindAsync(LockedInstance locked, Guid taskId, Func<Task<bool>> markFired, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var (fired, task) = await FireOnOpenTaskAsync(locked, taskId, markFired, cancellationToken);
        if (task is null)
        {
            return fired;
        }

        await using var batch = locked.NewBatch();
        batch.BatchCommands.Add(Sql.Command("UPDATE workflow_tasks SET reminded_at = $2 WHERE id = $1", taskId, now));
        var subject = $"Nhắc việc: hồ sơ {task.Correlation} đến hạn lúc {StepWriter.Local(task.DueAt)}";
        var body = $"Hồ sơ {task.Correlation} (bước {task.Step}) cần được xử lý trước {StepWriter.Local(task.DueAt)}.";
        if (task.AssigneeId is { } assignee)
        {
            StepWriter.Outbox(batch, task.InstanceId, NotificationChannel.InApp, assignee.ToString(), subject, body, now);
        }
        else
        {
            StepWriter.OutboxToRole(batch, task.InstanceId, NotificationChannel.InApp, task.UnitId, task.Role, subject, body, now);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        return true;
    }

    /// <summary>Fired at the due time: e-mails the unit's leaders and journals the breach.</summary>
    /// <returns>False when the timer was no longer this worker's to fire (<paramref name="markFired"/> said so): nothing was done.</returns>
    internal static async Task<bool> EscalateAsync(LockedInstance locked, Guid taskId, Func<Task<bool>> markFired, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var (fired, task) = await FireOnOpenTaskAsync(locked, taskId, markFired, cancellationToken);
        if (task is null)
        {
            return fired;
        }

        await using var batch = locked.NewBatch();
        batch.BatchCommands.Add(Sql.Command("UPDATE workflow_tasks SET escalated_at = $2 WHERE id = $1", taskId, now));
        StepWriter.OutboxToLeaders(batch, task.InstanceId, NotificationChannel.Email, task.UnitId,
            $"Quá hạn xử lý: hồ sơ {task.Correlation}",
            $"Hồ sơ {task.Correlation} (bước {task.Step}) đã quá hạn xử lý lúc {StepWriter.Local(task.DueAt)}" +
            (task.AssigneeName is null ? " và chưa có cán bộ nhận xử lý." : $"; cán bộ xử lý: {task.AssigneeName}."), now);
        StepWriter.JournalOnly(batch, locked.Instance, $"task:{taskId}:escalated", $"task {task.Step} overdue, escalated to the unit's leaders",
            Actor.System("escalation"), "", now);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// What a task timer does first: lock the task (before the timer: the lock order), then mark the timer fired. The
    /// task comes back only when it is still open; otherwise <c>Fired</c> says whether the timer was this worker's.
    /// </summary>
    private static async Task<(bool Fired, TaskRow? Task)> FireOnOpenTaskAsync(LockedInstance locked, Guid taskId, Func<Task<bool>> markFired,
        CancellationToken cancellationToken)
    {
        var (task, _) = await LockAsync(locked, taskId, null, cancellationToken);
        if (!await markFired())
        {
            return (false, null);
        }

        return (true, task.Status == HumanTaskStatus.Open ? task : null);
    }

    private static void EnsureMayWork(TaskRow task, Actor actor)
    {
        if (task.UnitId != actor.UnitId || task.Role != actor.Role?.ToString())
        {
            throw new TaskActionRefusedException(TaskRefusal.NotYourTask, $"This task is for the role {task.Role} of another unit or role than yours.");
        }
    }

    private static void EnsureOpen(TaskRow task)
    {
        switch (task.Status)
        {
            case HumanTaskStatus.Decided:
                throw new TaskAlreadyDecidedException(task.Id, task.DecidedByName ?? "?", task.DecidedAt ?? default, task.Outcome);
            case HumanTaskStatus.Cancelled:
                throw new TaskActionRefusedException(TaskRefusal.Cancelled, "The task was cancelled: the dossier moved on.");
        }
    }

    private static TaskActionRefusedException NoSuchTask(Guid taskId) => new(TaskRefusal.NoSuchTask, $"No task {taskId}.");

    private sealed record TaskRow(Guid Id, Guid InstanceId, string DefinitionName, int Version, string Correlation, string Step, Guid UnitId, string Role,
        HumanTaskStatus Status, Guid? AssigneeId, string? AssigneeName, DateTimeOffset DueAt, string? Outcome, string? DecidedByName, DateTimeOffset? DecidedAt);

    /// <summary>
    /// Locks a task of the locked instance (so after it, as the lock order requires); with <paramref name="eventId"/>,
    /// reads in the same round trip whether the instance processed that event.
    /// </summary>
    private static async Task<(TaskRow Task, bool Seen)> LockAsync(LockedInstance locked, Guid taskId, string? eventId, CancellationToken cancellationToken)
    {
        await using var read = locked.NewBatch();
        read.BatchCommands.Add(Sql.Command(
            "SELECT id, instance_id, definition_name, correlation, step, unit_id, role, status, assignee_id, assignee_name, due_at, outcome, decided_by_name, " +
            "decided_at FROM workflow_tasks WHERE id = $1 AND instance_id = $2 FOR UPDATE", taskId, locked.Id));
        if (eventId is not null)
        {
            read.BatchCommands.Add(WorkflowRuntime.Seen(locked.Id, eventId));
        }

        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw NoSuchTask(taskId);
        }

        var task = new TaskRow(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), locked.Instance.Version, reader.GetString(3), reader.GetString(4),
            reader.GetGuid(5), reader.GetString(6), Enum.Parse<HumanTaskStatus>(reader.GetString(7)),
            reader.IsDBNull(8) ? null : reader.GetGuid(8), reader.IsDBNull(9) ? null : reader.GetString(9), reader.GetFieldValue<DateTimeOffset>(10),
            reader.IsDBNull(11) ? null : reader.GetString(11), reader.IsDBNull(12) ? null : reader.GetString(12),
            reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13));
        var seen = eventId is not null && await reader.NextResultAsync(cancellationToken) && await reader.ReadAsync(cancellationToken) && reader.GetBoolean(0);
        return (task, seen);
    }
}
