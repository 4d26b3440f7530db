using System.Text.Json.Nodes;
using Npgsql;
using Services.Data.Workflows;

namespace Services.Workflows.Runtime;

/// <summary>
/// Starts instances and moves them on events. Every change is one short transaction that takes the instance row
/// first (<see cref="LockedInstance"/>), records the event id (a duplicate stops here), then writes in one batch the
/// new step and state, the journal entry, the tasks and timers of the step entered, and the outbox messages of the
/// transition. A deadlock or serialization failure is retried by <see cref="Contention"/>.
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
        try
        {
            return await Contention.RetryAsync(async () =>
            {
                await using var batch = dataSource.CreateBatch();
                var started = await PlanStartAsync(batch, definitionName, unitId, correlation, initialState, actor, null, null, cancellationToken);
                // No explicit transaction: PostgreSQL runs a batch sent in one round trip as one implicit transaction.
                await batch.ExecuteNonQueryAsync(cancellationToken);
                return started;
            }, cancellationToken);
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
        var started = await AddStartAsync(batch, definitionName, unitId, correlation, initialState, actor, notify, cancellationToken);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return started;
    }

    /// <summary>
    /// Adds the start of an instance to the caller's <paramref name="batch"/>, after the rows the caller wrote there: the
    /// whole batch, sent in one round trip, commits or vanishes as one (the caller's own transaction, or PostgreSQL's
    /// implicit one). Nothing is written until the caller executes the batch; the same correlation rule as
    /// <see cref="StartAsync(NpgsqlTransaction, string, Guid, string, JsonObject?, Actor, IReadOnlyList{NotificationTemplate}?, CancellationToken)"/> applies.
    /// </summary>
    public Task<StartResult> AddStartAsync(NpgsqlBatch batch, string definitionName, Guid unitId, string correlation, JsonObject? initialState,
        Actor actor, IReadOnlyList<NotificationTemplate>? notify = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return PlanStartAsync(batch, definitionName, unitId, correlation, initialState, actor, notify, null, cancellationToken);
    }

    private async Task<StartResult> PlanStartAsync(NpgsqlBatch batch, string definitionName, Guid unitId, string correlation, JsonObject? initialState,
        Actor actor, IReadOnlyList<NotificationTemplate>? notify, (Guid Id, string Step)? parent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(correlation);
        var blueprint = registry.Latest(definitionName);
        var now = clock.GetUtcNow();
        var state = initialState is null ? [] : initialState.DeepClone().AsObject();
        var start = blueprint.Start;
        var status = start.Kind == StepKind.End ? start.EndStatus : WorkflowStatus.Running;
        var instance = new InstanceSnapshot(Guid.CreateVersion7(now), blueprint.Name, blueprint.Version, status, start.Name, unitId, correlation, state, 0, 0,
            JournalChain.Genesis, parent?.Id, parent?.Step);
        var calendar = start.NeedsCalendar ? await holidays.GetAsync(cancellationToken) : null;
        if (start.Kind == StepKind.Parallel)
        {
            state[start.Name] = new JsonObject();
        }

        var stateJson = state.ToJsonString();
        var entry = StepWriter.JournalFields(instance, "start", $"started {blueprint.Name} v{blueprint.Version}", actor, null, start.Name, stateJson, now);
        var hash = JournalChain.Hash(entry, JournalChain.Genesis);
        batch.BatchCommands.Add(Sql.Command(
            "INSERT INTO workflow_instances (id, definition_name, definition_version, status, current_step, unit_id, correlation, state, row_version, " +
            "journal_seq, last_journal_hash, created_at, updated_at, completed_at, parent_instance_id, parent_step) " +
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, 1, $9, $10, $10, $11, $12, $13)",
            instance.Id, blueprint.Name, blueprint.Version, status, start.Name, unitId, correlation, new Sql.Jsonb(stateJson), hash, now,
            status == WorkflowStatus.Running ? null : now, parent?.Id, parent?.Step));
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
    /// one batch (one implicit transaction) whose first statement updates the instance row, so the batch holds the
    /// instance lock before it writes any task or timer. Two guards make the unlocked read safe: the processed-events
    /// primary key refuses a duplicate delivery, and the journal's unique (instance_id, seq) refuses a write based on a
    /// stale read (every change of an instance appends to its journal, and the journal entry is written before any
    /// task or timer). The loser decides again under the instance lock, which cannot lose again.
    /// </remarks>
    public async Task<TransitionResult> RaiseAsync(Guid instanceId, WorkflowEvent workflowEvent, Actor actor, int? expectedRowVersion = null,
        CancellationToken cancellationToken = default) =>
        (await RaiseAsync(instanceId, workflowEvent, actor, expectedRowVersion, null, cancellationToken)).Result;

    /// <summary>
    /// <see cref="RaiseAsync(Guid, WorkflowEvent, Actor, int?, CancellationToken)"/> for a timer: marking the timer
    /// <paramref name="firingTimerId"/> fired commits with the transition, or alone when the event does not apply.
    /// Returns whether this call marked it (false: it had fired or been cancelled already).
    /// </summary>
    internal async Task<(TransitionResult Result, bool Marked)> RaiseAsync(Guid instanceId, WorkflowEvent workflowEvent, Actor actor, int? expectedRowVersion,
        Guid? firingTimerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workflowEvent);
        ArgumentNullException.ThrowIfNull(actor);
        var optimistic = await Contention.RetryAsync(
            () => TryRaiseOptimisticallyAsync(instanceId, workflowEvent, actor, expectedRowVersion, firingTimerId, cancellationToken), cancellationToken);
        if (optimistic is { } done)
        {
            return done;
        }

        return await LockedInstance.RunAsync(dataSource, instanceId, async locked =>
        {
            CheckRowVersion(locked.Instance, expectedRowVersion);
            var seen = await SeenAsync(locked.Connection, locked.Transaction, instanceId, workflowEvent.Id, cancellationToken);
            await using var write = locked.NewBatch();
            var result = await PlanAsync(write, locked.Instance, seen, workflowEvent, actor, null, firingTimerId, cancellationToken);
            var markedAt = AddTimerMark(write, firingTimerId);
            if (write.BatchCommands.Count > 0)
            {
                await write.ExecuteNonQueryAsync(cancellationToken);
            }

            return (result, markedAt is { } index && write.BatchCommands[index].RecordsAffected == 1);
        }, cancellationToken);
    }

    /// <summary>The two-round-trip attempt; null when another change of the instance committed since the read.</summary>
    private async Task<(TransitionResult Result, bool Marked)?> TryRaiseOptimisticallyAsync(Guid instanceId, WorkflowEvent workflowEvent, Actor actor,
        int? expectedRowVersion, Guid? firingTimerId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var (instance, seen) = await ReadAsync(connection, instanceId, workflowEvent.Id, cancellationToken);
        CheckRowVersion(instance, expectedRowVersion);
        if (registry.Get(instance.DefinitionName, instance.Version).Step(instance.CurrentStep).Kind == StepKind.Parallel)
        {
            // Deciding in a parallel step reads its branches, which only the instance lock keeps still.
            return null;
        }

        await using var write = new NpgsqlBatch(connection);
        var result = await PlanAsync(write, instance, seen, workflowEvent, actor, null, firingTimerId, cancellationToken);
        if (result.Outcome != TransitionOutcome.Applied)
        {
            return (result, await MarkAloneAsync(connection, firingTimerId, cancellationToken));
        }

        var markedAt = AddTimerMark(write, firingTimerId);
        try
        {
            await write.ExecuteNonQueryAsync(cancellationToken);
            return (result, markedAt is { } index && write.BatchCommands[index].RecordsAffected == 1);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "pk_workflow_processed_events")
        {
            var duplicate = result with { Outcome = TransitionOutcome.Duplicate, StepAfter = result.StepBefore, Status = instance.Status, RowVersion = instance.RowVersion };
            return (duplicate, await MarkAloneAsync(connection, firingTimerId, cancellationToken));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "ix_workflow_journal_instance_id_seq")
        {
            return null;
        }
    }

    /// <summary>
    /// Fires signal timers of distinct instances together: one round trip reads their instances and whether each
    /// timer's event was seen, one batch (one transaction) writes every transition and "fired" mark. A deadline that
    /// makes 100,000 timers due in the same second then costs a few hundred commits, not 100,000. The instances are
    /// written in id order, so two groups lock them in the same order. Returns the ids of the timers this call marked,
    /// or null when the group could not go through as one (a parallel step, a stale read, any failure): nothing was
    /// written, and the caller fires those timers one by one, where failures are retried and become incidents.
    /// </summary>
    internal async Task<IReadOnlyList<Guid>?> FireSignalsTogetherAsync(IReadOnlyList<DueTimer> timers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timers);
        var ordered = timers.OrderBy(t => t.InstanceId).ToList();
        if (ordered.Select(t => t.InstanceId).Distinct().Count() != ordered.Count || ordered.Any(t => t.Kind != TimerKind.Signal))
        {
            throw new ArgumentException("A group holds signal timers of distinct instances.", nameof(timers));
        }

        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var (instances, seen) = await ReadGroupAsync(connection, ordered, cancellationToken);
            await using var write = new NpgsqlBatch(connection);
            var marks = new List<(Guid TimerId, int Index)>();
            foreach (var timer in ordered)
            {
                if (!instances.TryGetValue(timer.InstanceId, out var instance)
                    || registry.Get(instance.DefinitionName, instance.Version).Step(instance.CurrentStep).Kind == StepKind.Parallel)
                {
                    return null;
                }

                await PlanAsync(write, instance, seen.Contains(timer.InstanceId), TimerEvent(timer), Actor.System("timer"), null, timer.Id, cancellationToken);
                write.BatchCommands.Add(TimerMark(timer.Id));
                marks.Add((timer.Id, write.BatchCommands.Count - 1));
            }

            await write.ExecuteNonQueryAsync(cancellationToken);
            return [.. marks.Where(m => write.BatchCommands[m.Index].RecordsAffected == 1).Select(m => m.TimerId)];
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>The event a signal timer raises, addressed to the step that scheduled it.</summary>
    internal static WorkflowEvent TimerEvent(DueTimer timer) => new($"timer:{timer.Id}", timer.EventName ?? "timeout", null, timer.Step);

    private static async Task<(Dictionary<Guid, InstanceSnapshot> Instances, HashSet<Guid> Seen)> ReadGroupAsync(NpgsqlConnection connection,
        IReadOnlyList<DueTimer> timers, CancellationToken cancellationToken)
    {
        var ids = timers.Select(t => t.InstanceId).ToArray();
        await using var read = new NpgsqlBatch(connection);
        read.BatchCommands.Add(Sql.Command($"SELECT {InstanceSnapshot.Columns} FROM workflow_instances WHERE id = ANY($1)", ids));
        read.BatchCommands.Add(Sql.Command(
            "SELECT p.instance_id FROM workflow_processed_events p JOIN unnest($1::uuid[], $2::text[]) AS e (instance_id, event_id) " +
            "ON p.instance_id = e.instance_id AND p.event_id = e.event_id", ids, timers.Select(t => $"timer:{t.Id}").ToArray()));
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        var instances = new Dictionary<Guid, InstanceSnapshot>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var instance = InstanceSnapshot.Read(reader);
            instances[instance.Id] = instance;
        }

        await reader.NextResultAsync(cancellationToken);
        var seen = new HashSet<Guid>();
        while (await reader.ReadAsync(cancellationToken))
        {
            seen.Add(reader.GetGuid(0));
        }

        return (instances, seen);
    }

    private static void CheckRowVersion(InstanceSnapshot instance, int? expectedRowVersion)
    {
        if (expectedRowVersion is { } expected && expected != instance.RowVersion)
        {
            throw new WorkflowConcurrencyException(instance.Id, expected, instance.RowVersion);
        }
    }

    /// <summary>Appends "mark the firing timer fired" to a batch; returns its index (the step's timers were written before it).</summary>
    private int? AddTimerMark(NpgsqlBatch write, Guid? firingTimerId)
    {
        if (firingTimerId is not { } timerId)
        {
            return null;
        }

        write.BatchCommands.Add(TimerMark(timerId));
        return write.BatchCommands.Count - 1;
    }

    private NpgsqlBatchCommand TimerMark(Guid timerId) =>
        Sql.Command("UPDATE workflow_timers SET status = 'Fired', fired_at = $2 WHERE id = $1 AND status = 'Pending'", timerId, clock.GetUtcNow());

    private async Task<bool> MarkAloneAsync(NpgsqlConnection connection, Guid? firingTimerId, CancellationToken cancellationToken)
    {
        if (firingTimerId is not { } timerId)
        {
            return false;
        }

        // Alone, without the instance lock: a single-row update that waits on nothing but that timer row.
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { TimerMark(timerId) } };
        return await batch.ExecuteNonQueryAsync(cancellationToken) == 1;
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
        return ApplyAsync(transaction.Connection!, transaction, instanceId, workflowEvent, actor, cancellationToken);
    }

    private async Task<TransitionResult> ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid instanceId, WorkflowEvent workflowEvent,
        Actor actor, CancellationToken cancellationToken)
    {
        var locked = await LockedInstance.AcquireAsync(connection, transaction, instanceId, cancellationToken);
        return await ApplyAsync(locked, workflowEvent, actor, null, cancellationToken);
    }

    /// <summary>Routes by correlation (the dossier's tracking code).</summary>
    public async Task<TransitionResult> RaiseAsync(string correlation, WorkflowEvent workflowEvent, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var find = Sql.Command(dataSource, "SELECT id FROM workflow_instances WHERE correlation = $1", correlation);
        var id = await find.ExecuteScalarAsync(cancellationToken) as Guid? ?? throw new WorkflowInstanceNotFoundException($"with correlation {correlation}");
        return await RaiseAsync(id, workflowEvent, actor, null, cancellationToken);
    }

    /// <summary>Stops a running instance: its open tasks and pending timers are cancelled, its open incidents closed.</summary>
    public Task<TransitionResult> CancelAsync(Guid instanceId, string reason, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return LockedInstance.RunAsync(dataSource, instanceId, locked => CancelAsync(locked, reason, actor, tellParent: true, cancellationToken), cancellationToken);
    }

    /// <param name="tellParent">False when the parent itself cancels its child (it has moved on and listens no more).</param>
    internal async Task<TransitionResult> CancelAsync(LockedInstance locked, string reason, Actor actor, bool tellParent, CancellationToken cancellationToken)
    {
        var instance = locked.Instance;
        if (instance.Status is WorkflowStatus.Completed or WorkflowStatus.Cancelled)
        {
            return new TransitionResult(TransitionOutcome.NotApplicable, instance.Id, instance.CurrentStep, instance.CurrentStep, instance.Status, instance.RowVersion);
        }

        var now = clock.GetUtcNow();
        await using var batch = locked.NewBatch();
        var entry = StepWriter.JournalFields(instance, $"cancel:{now.UtcTicks}", StepWriter.Truncate($"cancelled: {reason}", 200), actor, instance.CurrentStep,
            instance.CurrentStep, reason, now);
        var hash = StepWriter.Journal(batch, entry, instance.LastJournalHash);
        batch.BatchCommands.Add(Sql.Command(
            "UPDATE workflow_instances SET status = 'Cancelled', row_version = row_version + 1, journal_seq = $2, last_journal_hash = $3, updated_at = $4, " +
            "completed_at = $4 WHERE id = $1", instance.Id, entry.Seq, hash, now));
        batch.BatchCommands.Add(Sql.Command("UPDATE workflow_branches SET status = 'Cancelled' WHERE instance_id = $1 AND status = 'Active'", instance.Id));
        batch.BatchCommands.Add(Sql.Command("UPDATE workflow_tasks SET status = 'Cancelled' WHERE instance_id = $1 AND status = 'Open'", instance.Id));
        batch.BatchCommands.Add(Sql.Command("UPDATE workflow_timers SET status = 'Cancelled' WHERE instance_id = $1 AND status IN ('Pending', 'Failed')",
            instance.Id));
        // A cancelled instance has nothing left to retry: its incidents close with it, so no one can bring it back.
        batch.BatchCommands.Add(Sql.Command(
            "UPDATE workflow_incidents SET status = 'Cancelled', resolved_at = $2, resolved_by = $3 WHERE instance_id = $1 AND status = 'Open'",
            instance.Id, now, StepWriter.Truncate(actor.DisplayName, 200)));
        StepWriter.CancelChildren(batch, instance.Id, null, now);
        if (tellParent)
        {
            StepWriter.TellParent(batch, instance, ChildWorkflow.CancelledEvent, now);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        return new TransitionResult(TransitionOutcome.Applied, instance.Id, instance.CurrentStep, instance.CurrentStep, WorkflowStatus.Cancelled, instance.RowVersion + 1);
    }

    /// <summary>
    /// Fires a <see cref="TimerKind.StartChild"/> timer of the locked parent: starts the latest version of the step's
    /// child workflow in the unit its rule names, with the state its rule makes, linked to the parent and the step, and
    /// journals the start on the parent. The child's tracking code is the parent's followed by the parent's journal
    /// position (<c>HS-…/7</c>), so re-entering the step later starts a child with another code.
    /// </summary>
    internal async Task StartChildAsync(LockedInstance locked, DueTimer timer, CancellationToken cancellationToken)
    {
        var parent = locked.Instance;
        var step = registry.Get(parent.DefinitionName, parent.Version).Step(timer.Step);
        if (parent.Status != WorkflowStatus.Running || parent.CurrentStep != step.Name || step.Child is not { } child)
        {
            return;
        }

        var unitId = child.Unit switch
        {
            UnitRule.ParentUnit => await ParentUnitAsync(locked, parent.UnitId, cancellationToken),
            UnitRule.StateUnit s => Guid.TryParse(NotificationTemplate.StateText(parent.State, s.Key), out var fromState)
                ? fromState
                : throw new InvalidOperationException($"Child step {step.Name} needs a unit id in state '{s.Key}'."),
            _ => parent.UnitId,
        };
        var correlation = $"{parent.Correlation}/{parent.JournalSeq + 1}";
        if (correlation.Length > 64)
        {
            throw new InvalidOperationException($"The child of {parent.Correlation} would have a tracking code longer than 64 characters.");
        }

        var now = clock.GetUtcNow();
        await using var batch = locked.NewBatch();
        StepWriter.JournalOnly(batch, parent, $"child:{timer.Id}", StepWriter.Truncate($"child {child.DefinitionName} started as {correlation}", 200),
            Actor.System("runtime"), correlation, now);
        await PlanStartAsync(batch, child.DefinitionName, unitId, correlation, child.StateFor?.Invoke(parent.State.DeepClone().AsObject()),
            Actor.System("runtime"), null, (parent.Id, step.Name), cancellationToken);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<Guid> ParentUnitAsync(LockedInstance locked, Guid unitId, CancellationToken cancellationToken)
    {
        await using var command = locked.Command("SELECT parent_id FROM units WHERE id = $1", unitId);
        return await command.ExecuteScalarAsync(cancellationToken) as Guid? ?? throw new InvalidOperationException($"Unit {unitId} has no parent unit.");
    }

    /// <summary>
    /// Fires a child's <see cref="TimerKind.NotifyParent"/> timer: under the parent's lock, marks it fired and raises the
    /// child's outcome on the parent's step — unless the parent has since let go of that child (it left the step, or
    /// was cancelled: a <see cref="TimerKind.CancelChild"/> timer exists for the child, written under the same lock).
    /// Returns false when the timer was no longer pending and leased to <paramref name="nodeId"/>.
    /// </summary>
    internal async Task<bool> NotifyParentAsync(DueTimer timer, string nodeId, CancellationToken cancellationToken)
    {
        Guid parentId;
        await using (var find = Sql.Command(dataSource, "SELECT parent_instance_id FROM workflow_instances WHERE id = $1", timer.InstanceId))
        {
            parentId = await find.ExecuteScalarAsync(cancellationToken) as Guid?
                ?? throw new InvalidOperationException($"Instance {timer.InstanceId} has no parent to notify.");
        }

        return await LockedInstance.RunAsync(dataSource, parentId, async locked =>
        {
            await using var mark = locked.Command(
                "UPDATE workflow_timers SET status = 'Fired', fired_at = $3 WHERE id = $1 AND status = 'Pending' AND lease_owner = $2 " +
                "RETURNING NOT EXISTS (SELECT 1 FROM workflow_timers x WHERE x.instance_id = $4 AND x.kind = $5)",
                timer.Id, nodeId, clock.GetUtcNow(), timer.InstanceId, TimerKind.CancelChild);
            if (await mark.ExecuteScalarAsync(cancellationToken) is not bool listening)
            {
                return false;
            }

            if (listening)
            {
                await ApplyAsync(locked, new WorkflowEvent($"child:{timer.InstanceId}", timer.EventName!, null, timer.Step), Actor.System("child"), null,
                    cancellationToken);
            }

            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Moves a running instance onto <paramref name="toVersion"/> of its definition: its current step is mapped through
    /// each version's step map, its state through each version's rewrite, then the old step is left (open tasks and
    /// pending timers cancelled) and the mapped step entered as the new version declares it — role, unit, due date,
    /// timers recomputed; an automated step is scheduled to run. An instance parked as an incident is not migrated:
    /// retry or cancel its incident first.
    /// </summary>
    public Task<TransitionResult> MigrateAsync(Guid instanceId, int toVersion, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return LockedInstance.RunAsync(dataSource, instanceId, async locked =>
        {
            var instance = locked.Instance;
            if (instance.Version == toVersion || instance.Status != WorkflowStatus.Running)
            {
                return new TransitionResult(TransitionOutcome.NotApplicable, instanceId, instance.CurrentStep, instance.CurrentStep, instance.Status, instance.RowVersion);
            }

            var mapped = registry.MapStep(instance.DefinitionName, instance.Version, toVersion, instance.CurrentStep);
            var from = registry.Get(instance.DefinitionName, instance.Version).Step(instance.CurrentStep);
            var to = registry.Get(instance.DefinitionName, toVersion).Step(mapped);
            var state = instance.State.DeepClone().AsObject();
            registry.MigrateState(instance.DefinitionName, instance.Version, toVersion, state);
            if (to.Kind == StepKind.Parallel)
            {
                state[to.Name] = new JsonObject();
            }

            var now = clock.GetUtcNow();
            var calendar = to.NeedsCalendar ? await holidays.GetAsync(cancellationToken) : null;
            var status = to.Kind == StepKind.End ? to.EndStatus : WorkflowStatus.Running;
            var stateJson = state.ToJsonString();
            await using var batch = locked.NewBatch();
            var entry = StepWriter.JournalFields(instance, $"migrate:v{instance.Version}-v{toVersion}", $"migrated v{instance.Version} → v{toVersion}", actor,
                instance.CurrentStep, mapped, stateJson, now);
            var hash = StepWriter.Journal(batch, entry, instance.LastJournalHash);
            batch.BatchCommands.Add(Sql.Command(
                "UPDATE workflow_instances SET definition_version = $2, current_step = $3, state = $4, status = $5, row_version = row_version + 1, " +
                "journal_seq = $6, last_journal_hash = $7, updated_at = $8, completed_at = $9 WHERE id = $1",
                instanceId, toVersion, mapped, new Sql.Jsonb(stateJson), status, entry.Seq, hash, now, status == WorkflowStatus.Running ? null : now));
            StepWriter.Leave(batch, instanceId, from, null, now);
            StepWriter.Enter(batch, instance, to, state, now, calendar);
            if (status != WorkflowStatus.Running)
            {
                StepWriter.TellParent(batch, instance, mapped, now);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
            return new TransitionResult(TransitionOutcome.Applied, instanceId, instance.CurrentStep, mapped, status, instance.RowVersion + 1);
        }, cancellationToken);
    }

    /// <summary>Migrates every running instance of <paramref name="definitionName"/> pinned to <paramref name="fromVersion"/>.</summary>
    /// <returns>How many instances moved.</returns>
    public async Task<int> MigrateAllAsync(string definitionName, int fromVersion, int toVersion, Actor actor, CancellationToken cancellationToken = default)
    {
        var ids = new List<Guid>();
        await using (var find = Sql.Command(dataSource,
            "SELECT id FROM workflow_instances WHERE definition_name = $1 AND definition_version = $2 AND status = 'Running'",
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
    /// Applies an event to a locked instance, inside its transaction (a decision, an automated step's result).
    /// <paramref name="replaceState"/> is the state an automated step produced.
    /// </summary>
    internal async Task<TransitionResult> ApplyAsync(LockedInstance locked, WorkflowEvent workflowEvent, Actor actor, JsonObject? replaceState,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workflowEvent);
        ArgumentNullException.ThrowIfNull(actor);
        var seen = await SeenAsync(locked.Connection, locked.Transaction, locked.Id, workflowEvent.Id, cancellationToken);
        await using var write = locked.NewBatch();
        return await ApplyAsync(write, locked, seen, workflowEvent, actor, replaceState, cancellationToken);
    }

    /// <summary>
    /// Applies an event to a locked instance after the rows the caller already put in <paramref name="write"/> (a task's
    /// decision), <paramref name="seen"/> read by the caller along with its own reads (<see cref="Seen"/>): the caller's
    /// rows and the transition go in one round trip, and only if the event applies.
    /// </summary>
    internal async Task<TransitionResult> ApplyAsync(NpgsqlBatch write, LockedInstance locked, bool seen, WorkflowEvent workflowEvent, Actor actor,
        JsonObject? replaceState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(locked);
        var result = await PlanAsync(write, locked.Instance, seen, workflowEvent, actor, replaceState, null, cancellationToken);
        if (result.Outcome == TransitionOutcome.Applied)
        {
            await write.ExecuteNonQueryAsync(cancellationToken);
        }

        return result;
    }

    /// <summary>Whether the instance processed the event id before (one row: a boolean), to read along with other statements.</summary>
    internal static NpgsqlBatchCommand Seen(Guid instanceId, string eventId) =>
        Sql.Command("SELECT EXISTS (SELECT 1 FROM workflow_processed_events WHERE instance_id = $1 AND event_id = $2)", instanceId, eventId);

    private static async Task<bool> SeenAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid instanceId, string eventId,
        CancellationToken cancellationToken)
    {
        await using var read = new NpgsqlBatch(connection, transaction) { BatchCommands = { Seen(instanceId, eventId) } };
        return (bool)(await read.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The hot path's unlocked read: the instance and whether the event id was seen before, in one round trip.</summary>
    private static async Task<(InstanceSnapshot Instance, bool Seen)> ReadAsync(NpgsqlConnection connection, Guid instanceId, string eventId,
        CancellationToken cancellationToken)
    {
        await using var read = new NpgsqlBatch(connection);
        read.BatchCommands.Add(Sql.Command($"SELECT {InstanceSnapshot.Columns} FROM workflow_instances WHERE id = $1", instanceId));
        read.BatchCommands.Add(Seen(instanceId, eventId));
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        var instance = await reader.ReadAsync(cancellationToken) ? InstanceSnapshot.Read(reader) : throw new WorkflowInstanceNotFoundException(instanceId.ToString());
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (instance, reader.GetBoolean(0));
    }

    /// <summary>
    /// Decides what the event does and, if it applies, adds every write to <paramref name="write"/>: the instance row
    /// first (so concurrent writers queue on its lock before touching anything else), the processed event id, the
    /// journal entry (which refuses a stale read before any task or timer is touched), then in the lock order the
    /// branches, tasks and timers of the steps left and entered (the firing timer excepted: its caller marks it fired),
    /// and the transition's notifications. In a parallel step the branches are read first, which needs the instance
    /// locked (the optimistic path never plans inside a parallel step).
    /// </summary>
    private async Task<TransitionResult> PlanAsync(NpgsqlBatch write, InstanceSnapshot instance, bool seen, WorkflowEvent workflowEvent, Actor actor,
        JsonObject? replaceState, Guid? firingTimerId, CancellationToken cancellationToken)
    {
        var blueprint = registry.Get(instance.DefinitionName, instance.Version);
        var current = blueprint.Step(instance.CurrentStep);
        var branches = current.Kind == StepKind.Parallel && !seen && instance.Status == WorkflowStatus.Running
            ? await BranchesAsync(write, instance, current, cancellationToken)
            : [];
        var decision = WorkflowMachine.Decide(blueprint, instance.Status, instance.CurrentStep, workflowEvent, seen, branches);
        if (decision.Outcome != TransitionOutcome.Applied)
        {
            return new TransitionResult(decision.Outcome, instance.Id, instance.CurrentStep, instance.CurrentStep, instance.Status, instance.RowVersion);
        }

        var (from, to, status) = (decision.From, decision.To!, decision.StatusAfter);
        var now = clock.GetUtcNow();
        var state = replaceState ?? instance.State;
        var payloadJson = workflowEvent.Payload?.ToJsonString() ?? "";
        ApplyPayload(state, decision, workflowEvent, now);
        var calendar = decision.LeavesStep && to.NeedsCalendar ? await holidays.GetAsync(cancellationToken) : null;
        var action = decision switch
        {
            { Branch: { } branch, LeavesStep: true } => $"{workflowEvent.Name}: branch {branch.Name} ends, {from.Name} joined ({decision.Joined!.Event}) → {to.Name}",
            { Branch: { } branch } => $"{workflowEvent.Name}: branch {branch.Name} of {from.Name} ends",
            { CollectKey: { } key } => $"{workflowEvent.Name}: collected into {key} at {from.Name}",
            _ => $"{workflowEvent.Name}: {from.Name} → {to.Name}",
        };
        var entry = StepWriter.JournalFields(instance, workflowEvent.Id, StepWriter.Truncate(action, 200), actor, from.Name, to.Name, payloadJson, now);
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
        if (decision.Branch is { } ended)
        {
            StepWriter.EndBranch(write, instance.Id, ended, workflowEvent.Name, actor.UserId, now);
        }

        if (decision.LeavesStep)
        {
            StepWriter.Leave(write, instance.Id, from, firingTimerId, now);
            StepWriter.Enter(write, instance, to, state, now, calendar);
            StepWriter.Notify(write, instance, decision.Transition!.Notifications, to.Name, state, now);
            if (status != WorkflowStatus.Running)
            {
                StepWriter.TellParent(write, instance, to.Name, now);
            }
        }
        else if (decision.Branch is { } branchLeft)
        {
            // The other branches and the parallel step's own timeout keep running.
            StepWriter.Leave(write, instance.Id, branchLeft, firingTimerId, now);
        }

        return new TransitionResult(TransitionOutcome.Applied, instance.Id, from.Name, to.Name, status, instance.RowVersion + 1);
    }

    /// <summary>
    /// What the event leaves in the state: a branch's payload and outcome under <c>state[parallel][branch]</c> (two
    /// graders' scores do not overwrite each other), a collected event appended to its list, anything else merged at
    /// the top level; then the join's changes; and a parallel step entered starts with no results.
    /// </summary>
    private static void ApplyPayload(JsonObject state, Decision decision, WorkflowEvent workflowEvent, DateTimeOffset now)
    {
        var payload = workflowEvent.Payload?.DeepClone().AsObject() ?? [];
        if (decision.Branch is { } branch)
        {
            if (state[decision.From.Name] is not JsonObject results)
            {
                results = [];
                state[decision.From.Name] = results;
            }

            payload["outcome"] = workflowEvent.Name;
            results[branch.Name] = payload;
        }
        else if (decision.CollectKey is { } key)
        {
            if (state[key] is not JsonArray list)
            {
                list = [];
                state[key] = list;
            }

            payload["eventId"] = workflowEvent.Id;
            payload["receivedAt"] = now.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            list.Add(payload);
        }
        else
        {
            foreach (var (name, value) in payload.ToList())
            {
                payload.Remove(name);
                state[name] = value;
            }
        }

        foreach (var (name, value) in decision.Joined?.StateChanges ?? [])
        {
            state[name] = value?.DeepClone();
        }

        if (decision.LeavesStep && decision.To!.Kind == StepKind.Parallel)
        {
            state[decision.To.Name] = new JsonObject();
        }
    }

    /// <summary>The parallel step's branches, under the instance lock the caller holds; what each ended with is in the state.</summary>
    private static async Task<IReadOnlyList<BranchState>> BranchesAsync(NpgsqlBatch write, InstanceSnapshot instance, StepDefinition parallel,
        CancellationToken cancellationToken)
    {
        if (write.Transaction is null)
        {
            throw new InvalidOperationException("A parallel step's branches are read only with the instance locked.");
        }

        await using var command = Sql.Command(write.Connection!, write.Transaction,
            "SELECT step, status, outcome FROM workflow_branches WHERE instance_id = $1 AND parallel_step = $2", instance.Id, parallel.Name);
        var results = instance.State[parallel.Name] as JsonObject;
        var branches = new List<BranchState>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var step = reader.GetString(0);
            branches.Add(new BranchState(step, Enum.Parse<BranchStatus>(reader.GetString(1)), reader.IsDBNull(2) ? null : reader.GetString(2),
                results?[step] as JsonObject));
        }

        return branches;
    }
}
