using System.Text.Json.Nodes;
using Npgsql;
using Services.Data.Workflows;

namespace Services.Workflows.Runtime;

/// <summary>
/// What staff do with human tasks. Every action is a conditional UPDATE on the task row, so of two people acting at
/// the same moment exactly one succeeds and the other is told who was first. Each action is journaled.
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
    public async Task<DecisionResult> DecideAsync(Guid taskId, string outcome, string? comment, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var userId = actor.UserId ?? throw new TaskActionRefusedException("Only a signed-in user can decide a task.");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var task = await ReadAsync(connection, transaction, taskId, cancellationToken);
        EnsureMayWork(task, actor);
        var blueprint = runtime.Registry.Get(task.DefinitionName, task.Version);
        if (blueprint.Step(task.Step).On(outcome) is null)
        {
            throw new TaskActionRefusedException($"'{outcome}' is not a decision of step {task.Step}.");
        }

        var now = clock.GetUtcNow();
        await using (var decide = Sql.Command(connection, transaction,
            "UPDATE workflow_tasks SET status = 'Decided', outcome = $2, comment = $3, decided_by_id = $4, decided_by_name = $5, decided_at = $6 " +
            "WHERE id = $1 AND status = 'Open' AND (assignee_id IS NULL OR assignee_id = $4)",
            taskId, outcome, comment, userId, actor.DisplayName, now))
        {
            if (await decide.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                // The row lock made us wait for the winner's commit; read what it wrote.
                var current = await ReadAsync(connection, transaction, taskId, cancellationToken);
                await transaction.RollbackAsync(cancellationToken);
                return current.Status == HumanTaskStatus.Decided
                    ? new DecisionResult(DecisionOutcome.AlreadyDecided, taskId, current.DecidedByName, current.DecidedAt, current.Outcome, null)
                    : throw new TaskActionRefusedException(current.Status == HumanTaskStatus.Cancelled
                        ? "The task was cancelled: the dossier moved on."
                        : $"The task is assigned to {current.AssigneeName}.");
            }
        }

        var payload = new JsonObject { ["lastOutcome"] = outcome, ["lastComment"] = comment, ["lastDecidedBy"] = actor.DisplayName };
        var transition = await runtime.ApplyAsync(connection, transaction, task.InstanceId, new WorkflowEvent($"task:{taskId}", outcome, payload), actor, null, null,
            cancellationToken);
        if (transition.Outcome != TransitionOutcome.Applied)
        {
            await transaction.RollbackAsync(cancellationToken);
            throw new TaskActionRefusedException($"The workflow did not accept '{outcome}' ({transition.Outcome}).");
        }

        await transaction.CommitAsync(cancellationToken);
        return new DecisionResult(DecisionOutcome.Decided, taskId, actor.DisplayName, now, outcome, transition);
    }

    private async Task ChangeAssigneeAsync(Guid taskId, Actor actor, Guid? assigneeId, string? assigneeName, string action, Guid? requireAssignee,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.UserId is null)
        {
            throw new TaskActionRefusedException("Only a signed-in user can work on tasks.");
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var task = await ReadAsync(connection, transaction, taskId, cancellationToken, forUpdate: true);
        if (action == "claimed")
        {
            EnsureMayWork(task, actor);
        }
        else if (task.UnitId != actor.UnitId)
        {
            throw new TaskActionRefusedException("The task belongs to another unit.");
        }

        if (task.Status == HumanTaskStatus.Decided)
        {
            throw new TaskAlreadyDecidedException(taskId, task.DecidedByName ?? "?", task.DecidedAt ?? default);
        }

        if (task.Status != HumanTaskStatus.Open)
        {
            throw new TaskActionRefusedException("The task is no longer open.");
        }

        if (action == "claimed" && task.AssigneeId is { } other && other != actor.UserId)
        {
            throw new TaskActionRefusedException($"The task is already claimed by {task.AssigneeName}.");
        }

        if (requireAssignee is { } required && task.AssigneeId != required)
        {
            throw new TaskActionRefusedException("Only the assignee can release the task.");
        }

        if (assigneeId is { } newAssignee && newAssignee != actor.UserId)
        {
            await using var member = Sql.Command(connection, transaction,
                "SELECT EXISTS (SELECT 1 FROM unit_memberships WHERE user_id = $1 AND unit_id = $2 AND role = $3)", newAssignee, task.UnitId, task.Role);
            if (!(bool)(await member.ExecuteScalarAsync(cancellationToken))!)
            {
                throw new TaskActionRefusedException($"{assigneeName} does not hold the role {task.Role} in the task's unit.");
            }
        }

        var now = clock.GetUtcNow();
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Sql.Command(
            "UPDATE workflow_tasks SET assignee_id = $2, assignee_name = $3, claimed_at = $4 WHERE id = $1",
            taskId, assigneeId, assigneeName, assigneeId is null ? null : now));
        var instance = await InstanceSnapshot.LockAsync(connection, transaction, task.InstanceId, cancellationToken);
        StepWriter.JournalOnly(batch, instance, $"task:{taskId}:{action.Split(' ')[0]}:{now.UtcTicks}", StepWriter.Truncate($"task {task.Step} {action}", 200), actor,
            assigneeId?.ToString() ?? "", now);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Fired by the reminder timer: an in-app message to the assignee, or to everyone of the role if unclaimed.</summary>
    internal static async Task RemindAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid taskId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var task = await ReadAsync(connection, transaction, taskId, cancellationToken, forUpdate: true);
        if (task.Status != HumanTaskStatus.Open)
        {
            return;
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
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
    }

    /// <summary>Fired at the due time: e-mails the unit's leaders and journals the breach.</summary>
    internal static async Task EscalateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid taskId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var task = await ReadAsync(connection, transaction, taskId, cancellationToken, forUpdate: true);
        if (task.Status != HumanTaskStatus.Open)
        {
            return;
        }

        var instance = await InstanceSnapshot.LockAsync(connection, transaction, task.InstanceId, cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Sql.Command("UPDATE workflow_tasks SET escalated_at = $2 WHERE id = $1", taskId, now));
        StepWriter.OutboxToLeaders(batch, task.InstanceId, NotificationChannel.Email, task.UnitId,
            $"Quá hạn xử lý: hồ sơ {task.Correlation}",
            $"Hồ sơ {task.Correlation} (bước {task.Step}) đã quá hạn xử lý lúc {StepWriter.Local(task.DueAt)}" +
            (task.AssigneeName is null ? " và chưa có cán bộ nhận xử lý." : $"; cán bộ xử lý: {task.AssigneeName}."), now);
        StepWriter.JournalOnly(batch, instance, $"task:{taskId}:escalated", $"task {task.Step} overdue, escalated to the unit's leaders", Actor.System("escalation"),
            "", now);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void EnsureMayWork(TaskRow task, Actor actor)
    {
        if (task.UnitId != actor.UnitId || task.Role != actor.Role?.ToString())
        {
            throw new TaskActionRefusedException($"This task is for the role {task.Role} of another unit or role than yours.");
        }
    }

    private sealed record TaskRow(Guid Id, Guid InstanceId, string DefinitionName, int Version, string Correlation, string Step, Guid UnitId, string Role,
        HumanTaskStatus Status, Guid? AssigneeId, string? AssigneeName, DateTimeOffset DueAt, string? Outcome, string? DecidedByName, DateTimeOffset? DecidedAt);

    private static async Task<TaskRow> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid taskId, CancellationToken cancellationToken,
        bool forUpdate = false)
    {
        await using var command = Sql.Command(connection, transaction,
            "SELECT t.id, t.instance_id, t.definition_name, i.definition_version, t.correlation, t.step, t.unit_id, t.role, t.status, t.assignee_id, " +
            "t.assignee_name, t.due_at, t.outcome, t.decided_by_name, t.decided_at FROM workflow_tasks t JOIN workflow_instances i ON i.id = t.instance_id " +
            "WHERE t.id = $1" + (forUpdate ? " FOR UPDATE OF t" : ""), taskId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new TaskActionRefusedException($"No task {taskId}.");
        }

        return new TaskRow(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4), reader.GetString(5),
            reader.GetGuid(6), reader.GetString(7), Enum.Parse<HumanTaskStatus>(reader.GetString(8)),
            reader.IsDBNull(9) ? null : reader.GetGuid(9), reader.IsDBNull(10) ? null : reader.GetString(10), reader.GetFieldValue<DateTimeOffset>(11),
            reader.IsDBNull(12) ? null : reader.GetString(12), reader.IsDBNull(13) ? null : reader.GetString(13),
            reader.IsDBNull(14) ? null : reader.GetFieldValue<DateTimeOffset>(14));
    }
}
