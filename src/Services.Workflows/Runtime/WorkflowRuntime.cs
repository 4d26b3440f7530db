using System.Text.Json.Nodes;
using Npgsql;
using Services.Data.Workflows;

namespace Services.Workflows.Runtime;

/// <summary>
/// Starts instances and moves them on events. Every change is one short transaction: lock the instance row, record
/// the event id (a duplicate stops here), then one batch writes the new step and state, the journal entry, the tasks
/// and timers of the step entered, and the outbox messages of the transition.
/// </summary>
public sealed class WorkflowRuntime(NpgsqlDataSource dataSource, WorkflowRegistry registry, HolidayCalendar holidays, TimeProvider clock)
{
    public WorkflowRegistry Registry => registry;

    /// <summary>
    /// Starts the latest version of <paramref name="definitionName"/>. Idempotent on <paramref name="correlation"/>:
    /// starting again with the same tracking code returns the existing instance with <c>Created = false</c>.
    /// </summary>
    public async Task<StartResult> StartAsync(string definitionName, Guid unitId, string correlation, JsonObject? initialState, Actor actor,
        CancellationToken cancellationToken = default)
    {
        await using var batch = dataSource.CreateBatch();
        var started = await PlanStartAsync(batch, definitionName, unitId, correlation, initialState, actor, null, cancellationToken);
        try
        {
            // No explicit transaction: PostgreSQL runs a batch sent in one round trip as one implicit transaction.
            await batch.ExecuteNonQueryAsync(cancellationToken);
            return started;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "ix_workflow_instances_correlation")
        {
            await using var find = Sql.Command(dataSource, "SELECT id, current_step, status FROM workflow_instances WHERE correlation = $1", correlation);
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return new StartResult(reader.GetGuid(0), false, reader.GetString(1), Enum.Parse<WorkflowStatus>(reader.GetString(2)));
        }
    }

    /// <summary>
    /// Starts an instance inside the caller's transaction, so that what the caller writes (a dossier, via EF:
    /// <c>(NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction()</c>) and the workflow with its first
    /// task commit or vanish together. A correlation already used throws a unique violation that aborts the
    /// transaction: de-duplicate with your own idempotency key first.
    /// </summary>
    /// <param name="notify">Notifications of the start itself (e.g. "dossier received"), written with it.</param>
    public async Task<StartResult> StartAsync(NpgsqlTransaction transaction, string definitionName, Guid unitId, string correlation, JsonObject? initialState,
        Actor actor, IReadOnlyList<NotificationTemplate>? notify = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction);
        var started = await PlanStartAsync(batch, definitionName, unitId, correlation, initialState, actor, notify, cancellationToken);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return started;
    }

    private async Task<StartResult> PlanStartAsync(NpgsqlBatch batch, string definitionName, Guid unitId, string correlation, JsonObject? initialState,
        Actor actor, IReadOnlyList<NotificationTemplate>? notify, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(correlation);
        var blueprint = registry.Latest(definitionName);
        var now = clock.GetUtcNow();
        var state = initialState is null ? [] : initialState.DeepClone().AsObject();
        var start = blueprint.Start;
        var status = start.Kind == StepKind.End ? start.EndStatus : WorkflowStatus.Running;
        var instance = new InstanceSnapshot(Guid.CreateVersion7(now), blueprint.Name, blueprint.Version, status, start.Name, unitId, correlation, state, 0, 0,
            JournalChain.Genesis);
        var calendar = start.Kind == StepKind.Human ? await holidays.GetAsync(cancellationToken) : null;
        var stateJson = state.ToJsonString();
        var entry = StepWriter.JournalFields(instance, "start", $"started {blueprint.Name} v{blueprint.Version}", actor, null, start.Name, stateJson, now);
        var hash = JournalChain.Hash(entry, JournalChain.Genesis);
        batch.BatchCommands.Add(Sql.Command(
            "INSERT INTO workflow_instances (id, definition_name, definition_version, status, current_step, unit_id, correlation, state, row_version, " +
            "journal_seq, last_journal_hash, created_at, updated_at, completed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, 1, $9, $10, $10, $11)",
            instance.Id, blueprint.Name, blueprint.Version, status, start.Name, unitId, correlation, new Sql.Jsonb(stateJson), hash, now,
            status == WorkflowStatus.Running ? null : now));
        StepWriter.Journal(batch, entry, JournalChain.Genesis);
        StepWriter.Enter(batch, instance, start, state, now, calendar);
        StepWriter.Notify(batch, instance, notify ?? [], start.Name, state, now);
        return new StartResult(instance.Id, true, start.Name, status);
    }

    /// <summary>
    /// Applies <paramref name="workflowEvent"/> to the instance. A repeated event id returns <see cref="TransitionOutcome.Duplicate"/>,
    /// an event the current step does not wait for returns <see cref="TransitionOutcome.NotApplicable"/>; neither changes anything.
    /// With <paramref name="expectedRowVersion"/>, a change made since the caller read the instance throws
    /// <see cref="WorkflowConcurrencyException"/> instead of being overwritten.
    /// </summary>
    /// <remarks>
    /// The hot path takes two round trips and holds no lock while deciding: read the instance, then send every write as
    /// one batch (one implicit transaction). Two guards make that safe: the processed-events primary key refuses a
    /// duplicate delivery, and the journal's unique (instance_id, seq) refuses a write based on a stale read — every
    /// change of an instance appends to its journal, so two changes from the same read cannot both commit. The loser
    /// reads again and retries.
    /// </remarks>
    public async Task<TransitionResult> RaiseAsync(Guid instanceId, WorkflowEvent workflowEvent, Actor actor, int? expectedRowVersion = null,
        CancellationToken cancellationToken = default) =>
        (await RaiseAsync(instanceId, workflowEvent, actor, expectedRowVersion, null, cancellationToken)).Result;

    /// <summary>
    /// <see cref="RaiseAsync(Guid, WorkflowEvent, Actor, int?, CancellationToken)"/>, plus one more write
    /// (<paramref name="alsoWrite"/>, e.g. marking a timer fired) that commits with the transition, or alone when the
    /// event does not apply. Returns the rows that write affected.
    /// </summary>
    internal async Task<(TransitionResult Result, int AlsoWritten)> RaiseAsync(Guid instanceId, WorkflowEvent workflowEvent, Actor actor, int? expectedRowVersion,
        Func<NpgsqlBatchCommand>? alsoWrite, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workflowEvent);
        ArgumentNullException.ThrowIfNull(actor);
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var (instance, seen) = await ReadAsync(connection, null, instanceId, workflowEvent.Id, cancellationToken);
            if (expectedRowVersion is { } expected && expected != instance.RowVersion)
            {
                throw new WorkflowConcurrencyException(instanceId, expected, instance.RowVersion);
            }

            await using var write = new NpgsqlBatch(connection);
            var result = await PlanAsync(write, instance, seen, workflowEvent, actor, null, cancellationToken);
            if (result.Outcome != TransitionOutcome.Applied)
            {
                return (result, await WriteAloneAsync(connection, alsoWrite, cancellationToken));
            }

            if (alsoWrite is not null)
            {
                // Right after the instance row (same lock order as every other change) and before leaving the step,
                // which would otherwise cancel the very timer being marked.
                write.BatchCommands.Insert(1, alsoWrite());
            }

            try
            {
                await write.ExecuteNonQueryAsync(cancellationToken);
                return (result, alsoWrite is null ? 0 : write.BatchCommands[1].RecordsAffected);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "pk_workflow_processed_events")
            {
                var duplicate = result with { Outcome = TransitionOutcome.Duplicate, StepAfter = result.StepBefore, Status = instance.Status, RowVersion = instance.RowVersion };
                return (duplicate, await WriteAloneAsync(connection, alsoWrite, cancellationToken));
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "ix_workflow_journal_instance_id_seq"
                && attempt < 20)
            {
                // Another change of this instance committed since our read; read again and decide again.
            }
        }
    }

    private static async Task<int> WriteAloneAsync(NpgsqlConnection connection, Func<NpgsqlBatchCommand>? alsoWrite, CancellationToken cancellationToken)
    {
        if (alsoWrite is null)
        {
            return 0;
        }

        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { alsoWrite() } };
        return await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Applies an event inside the caller's transaction (e.g. saving a citizen's supplement and resuming the workflow
    /// together). The instance row stays locked until the caller commits. The caller rolls back on any outcome other
    /// than <see cref="TransitionOutcome.Applied"/> if it wants the same event id to be deliverable later.
    /// </summary>
    public Task<TransitionResult> RaiseAsync(NpgsqlTransaction transaction, Guid instanceId, WorkflowEvent workflowEvent, Actor actor,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return ApplyAsync(transaction.Connection!, transaction, instanceId, workflowEvent, actor, null, null, cancellationToken);
    }

    /// <summary>Routes by correlation (the dossier's tracking code).</summary>
    public async Task<TransitionResult> RaiseAsync(string correlation, WorkflowEvent workflowEvent, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var find = Sql.Command(dataSource, "SELECT id FROM workflow_instances WHERE correlation = $1", correlation);
        var id = await find.ExecuteScalarAsync(cancellationToken) as Guid? ?? throw new WorkflowInstanceNotFoundException($"with correlation {correlation}");
        return await RaiseAsync(id, workflowEvent, actor, null, cancellationToken);
    }

    /// <summary>Stops a running instance: its open tasks and pending timers are cancelled.</summary>
    public async Task<TransitionResult> CancelAsync(Guid instanceId, string reason, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await CancelAsync(connection, transaction, instanceId, reason, actor, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    internal async Task<TransitionResult> CancelAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid instanceId, string reason, Actor actor,
        CancellationToken cancellationToken)
    {
        var instance = await InstanceSnapshot.LockAsync(connection, transaction, instanceId, cancellationToken);
        if (instance.Status is WorkflowStatus.Completed or WorkflowStatus.Cancelled)
        {
            return new TransitionResult(TransitionOutcome.NotApplicable, instanceId, instance.CurrentStep, instance.CurrentStep, instance.Status, instance.RowVersion);
        }

        var now = clock.GetUtcNow();
        await using var batch = new NpgsqlBatch(connection, transaction);
        var entry = StepWriter.JournalFields(instance, $"cancel:{now.UtcTicks}", StepWriter.Truncate($"cancelled: {reason}", 200), actor, instance.CurrentStep,
            instance.CurrentStep, reason, now);
        var hash = StepWriter.Journal(batch, entry, instance.LastJournalHash);
        batch.BatchCommands.Add(Sql.Command(
            "UPDATE workflow_instances SET status = 'Cancelled', row_version = row_version + 1, journal_seq = $2, last_journal_hash = $3, updated_at = $4, " +
            "completed_at = $4 WHERE id = $1", instanceId, entry.Seq, hash, now));
        batch.BatchCommands.Add(Sql.Command("UPDATE workflow_tasks SET status = 'Cancelled' WHERE instance_id = $1 AND status = 'Open'", instanceId));
        batch.BatchCommands.Add(Sql.Command("UPDATE workflow_timers SET status = 'Cancelled' WHERE instance_id = $1 AND status = 'Pending'", instanceId));
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return new TransitionResult(TransitionOutcome.Applied, instanceId, instance.CurrentStep, instance.CurrentStep, WorkflowStatus.Cancelled, instance.RowVersion + 1);
    }

    /// <summary>
    /// Moves a running instance onto <paramref name="toVersion"/> of its definition, mapping its current step through
    /// each version's declared step map. Its open task and timers keep running under the new step name.
    /// </summary>
    public async Task<TransitionResult> MigrateAsync(Guid instanceId, int toVersion, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var instance = await InstanceSnapshot.LockAsync(connection, transaction, instanceId, cancellationToken);
        if (instance.Version == toVersion || instance.Status is WorkflowStatus.Completed or WorkflowStatus.Cancelled)
        {
            return new TransitionResult(TransitionOutcome.NotApplicable, instanceId, instance.CurrentStep, instance.CurrentStep, instance.Status, instance.RowVersion);
        }

        var step = registry.MapStep(instance.DefinitionName, instance.Version, toVersion, instance.CurrentStep);
        var now = clock.GetUtcNow();
        await using var batch = new NpgsqlBatch(connection, transaction);
        var entry = StepWriter.JournalFields(instance, $"migrate:v{instance.Version}-v{toVersion}", $"migrated v{instance.Version} → v{toVersion}", actor,
            instance.CurrentStep, step, "", now);
        var hash = StepWriter.Journal(batch, entry, instance.LastJournalHash);
        batch.BatchCommands.Add(Sql.Command(
            "UPDATE workflow_instances SET definition_version = $2, current_step = $3, row_version = row_version + 1, journal_seq = $4, last_journal_hash = $5, " +
            "updated_at = $6 WHERE id = $1", instanceId, toVersion, step, entry.Seq, hash, now));
        batch.BatchCommands.Add(Sql.Command("UPDATE workflow_tasks SET step = $3 WHERE instance_id = $1 AND step = $2 AND status = 'Open'", instanceId, instance.CurrentStep, step));
        batch.BatchCommands.Add(Sql.Command("UPDATE workflow_timers SET step = $3 WHERE instance_id = $1 AND step = $2 AND status = 'Pending'", instanceId, instance.CurrentStep, step));
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new TransitionResult(TransitionOutcome.Applied, instanceId, instance.CurrentStep, step, instance.Status, instance.RowVersion + 1);
    }

    /// <summary>Migrates every unfinished instance of <paramref name="definitionName"/> pinned to <paramref name="fromVersion"/>.</summary>
    /// <returns>How many instances moved.</returns>
    public async Task<int> MigrateAllAsync(string definitionName, int fromVersion, int toVersion, Actor actor, CancellationToken cancellationToken = default)
    {
        var ids = new List<Guid>();
        await using (var find = Sql.Command(dataSource,
            "SELECT id FROM workflow_instances WHERE definition_name = $1 AND definition_version = $2 AND status IN ('Running', 'Incident')",
            definitionName, fromVersion))
        await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetGuid(0));
            }
        }

        var moved = 0;
        foreach (var id in ids)
        {
            // One transaction per instance: a failure leaves the others migrated and this one where it was.
            if ((await MigrateAsync(id, toVersion, actor, cancellationToken)).Outcome == TransitionOutcome.Applied)
            {
                moved++;
            }
        }

        return moved;
    }

    /// <summary>
    /// Applies an event inside the caller's transaction (a decision, a timer, an automated step run), with the
    /// instance row locked until the caller commits. <paramref name="replaceState"/> is the state an automated step
    /// produced.
    /// </summary>
    internal async Task<TransitionResult> ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid instanceId, WorkflowEvent workflowEvent,
        Actor actor, int? expectedRowVersion, JsonObject? replaceState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workflowEvent);
        ArgumentNullException.ThrowIfNull(actor);
        var (instance, seen) = await ReadAsync(connection, transaction, instanceId, workflowEvent.Id, cancellationToken);
        if (expectedRowVersion is { } expected && expected != instance.RowVersion)
        {
            throw new WorkflowConcurrencyException(instanceId, expected, instance.RowVersion);
        }

        await using var write = new NpgsqlBatch(connection, transaction);
        var result = await PlanAsync(write, instance, seen, workflowEvent, actor, replaceState, cancellationToken);
        if (result.Outcome == TransitionOutcome.Applied)
        {
            await write.ExecuteNonQueryAsync(cancellationToken);
        }

        return result;
    }

    /// <summary>Reads the instance (locking it when inside a transaction) and whether the event id was seen before.</summary>
    private static async Task<(InstanceSnapshot Instance, bool Seen)> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid instanceId,
        string eventId, CancellationToken cancellationToken)
    {
        await using var read = new NpgsqlBatch(connection, transaction);
        read.BatchCommands.Add(Sql.Command(
            $"SELECT {InstanceSnapshot.Columns} FROM workflow_instances WHERE id = $1" + (transaction is null ? "" : " FOR UPDATE"), instanceId));
        read.BatchCommands.Add(Sql.Command("SELECT EXISTS (SELECT 1 FROM workflow_processed_events WHERE instance_id = $1 AND event_id = $2)", instanceId, eventId));
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        var instance = await reader.ReadAsync(cancellationToken) ? InstanceSnapshot.Read(reader) : throw new WorkflowInstanceNotFoundException(instanceId.ToString());
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (instance, reader.GetBoolean(0));
    }

    /// <summary>
    /// Decides what the event does and, if it applies, adds every write to <paramref name="write"/>: the instance row
    /// first (so concurrent writers queue on its lock before touching anything else), the processed event id, the
    /// journal entry, the tasks and timers of the steps left and entered, and the transition's notifications.
    /// </summary>
    private async Task<TransitionResult> PlanAsync(NpgsqlBatch write, InstanceSnapshot instance, bool seen, WorkflowEvent workflowEvent, Actor actor,
        JsonObject? replaceState, CancellationToken cancellationToken)
    {
        var decision = WorkflowMachine.Decide(registry.Get(instance.DefinitionName, instance.Version), instance.Status, instance.CurrentStep,
            workflowEvent.Name, seen);
        if (decision.Outcome != TransitionOutcome.Applied)
        {
            return new TransitionResult(decision.Outcome, instance.Id, instance.CurrentStep, instance.CurrentStep, instance.Status, instance.RowVersion);
        }

        var (from, transition, to, status) = (decision.From, decision.Transition!, decision.To!, decision.StatusAfter);
        var now = clock.GetUtcNow();
        var state = replaceState ?? instance.State;
        var payloadJson = workflowEvent.Payload?.ToJsonString() ?? "";
        foreach (var (key, value) in workflowEvent.Payload ?? [])
        {
            state[key] = value?.DeepClone();
        }

        var calendar = to.Kind == StepKind.Human ? await holidays.GetAsync(cancellationToken) : null;
        var entry = StepWriter.JournalFields(instance, workflowEvent.Id, $"{workflowEvent.Name}: {from.Name} → {to.Name}", actor, from.Name, to.Name, payloadJson, now);
        var hash = JournalChain.Hash(entry, instance.LastJournalHash);
        write.BatchCommands.Add(Sql.Command(
            "UPDATE workflow_instances SET current_step = $3, status = $4, state = $5, row_version = row_version + 1, journal_seq = $6, last_journal_hash = $7, " +
            "updated_at = $8, completed_at = $9 WHERE id = $1 AND row_version = $2",
            instance.Id, instance.RowVersion, to.Name, status, new Sql.Jsonb(state.ToJsonString()), entry.Seq, hash, now,
            status == WorkflowStatus.Running ? null : now));
        write.BatchCommands.Add(Sql.Command(
            "INSERT INTO workflow_processed_events (instance_id, event_id, event_name, processed_at) VALUES ($1, $2, $3, $4)",
            instance.Id, workflowEvent.Id, workflowEvent.Name, now));
        StepWriter.Journal(write, entry, instance.LastJournalHash);
        StepWriter.Leave(write, instance.Id, from);
        StepWriter.Enter(write, instance, to, state, now, calendar);
        StepWriter.Notify(write, instance, transition.Notifications, to.Name, state, now);
        return new TransitionResult(TransitionOutcome.Applied, instance.Id, from.Name, to.Name, status, instance.RowVersion + 1);
    }
}
