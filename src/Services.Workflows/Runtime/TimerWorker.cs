using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Services.Data.Workflows;

namespace Services.Workflows.Runtime;

/// <summary>
/// Fires due timers. Any number of processes may run one: a batch of due timers is leased with
/// <c>FOR UPDATE SKIP LOCKED</c> (so two workers never take the same rows; leases are measured on the database's
/// clock), then each timer is fired in its own unit of work that locks its instance first: its effect and its
/// "fired" mark commit together, guarded for signal timers by the event id <c>timer:{id}</c> (processed once per
/// instance) and for the others by "still pending and still leased to this worker". So a timer fires once; a worker
/// that dies leaves leases that expire and are claimed again, so a timer fires late rather than never. A timer whose
/// firing throws is tried again with backoff and after <see cref="WorkflowOptions.TimerMaxAttempts"/> parks its
/// instance as exactly one incident (with the error, its stack and the step) — never an endless loop.
/// </summary>
public sealed class TimerWorker(
    NpgsqlDataSource dataSource,
    WorkflowRuntime runtime,
    AutomatedSteps automatedSteps,
    IOptions<WorkflowOptions> options,
    TimeProvider clock,
    WorkflowVersionCheck versions,
    ILogger<TimerWorker> logger) : BackgroundService
{
    private readonly WorkflowOptions _options = options.Value;

    public string NodeId => _options.NodeId;

    /// <summary>
    /// Claims and fires one batch of due timers; returns how many were handled (fired, or their failure recorded).
    /// Signal timers of distinct instances go in groups of <see cref="WorkflowOptions.TimerGroupSize"/>, each group one
    /// transaction; a group that cannot go through as one, and every other timer, is fired on its own.
    /// </summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var claimed = await ClaimAsync(_options.TimerBatchSize, cancellationToken);
        if (claimed.Count == 0)
        {
            return 0;
        }

        var grouped = claimed.Where(t => t.Kind == TimerKind.Signal).DistinctBy(t => t.InstanceId).ToList();
        var single = claimed.Except(grouped).Select(t => new[] { t });
        var work = _options.TimerGroupSize > 1 ? grouped.Chunk(_options.TimerGroupSize).Concat(single) : claimed.Select(t => new[] { t });
        var handled = 0;
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = _options.TimerParallelism, CancellationToken = cancellationToken },
            async (group, ct) =>
            {
                if (group.Length > 1 && await runtime.FireSignalsTogetherAsync(group, ct) is { } marked)
                {
                    Interlocked.Add(ref handled, marked.Count);
                    return;
                }

                foreach (var timer in group)
                {
                    if (await FireAsync(timer, ct))
                    {
                        Interlocked.Increment(ref handled);
                    }
                }
            });
        return handled;
    }

    /// <summary>Leases up to <paramref name="max"/> due timers to this worker.</summary>
    public async Task<IReadOnlyList<DueTimer>> ClaimAsync(int max, CancellationToken cancellationToken)
    {
        // Due times are business times (the app's clock); leases are the database's, one clock for every node.
        await using var command = Sql.Command(dataSource,
            "UPDATE workflow_timers t SET lease_owner = $1, lease_until = now() + $2 FROM (" +
            "SELECT id FROM workflow_timers WHERE status = 'Pending' AND due_at <= $3 AND (lease_until IS NULL OR lease_until < now()) " +
            "ORDER BY due_at LIMIT $4 FOR UPDATE SKIP LOCKED) due WHERE t.id = due.id " +
            "RETURNING t.id, t.instance_id, t.kind, t.step, t.task_id, t.event_name, t.attempt, t.due_at",
            _options.NodeId, _options.LeaseDuration, clock.GetUtcNow(), max);
        var timers = new List<DueTimer>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            timers.Add(new DueTimer(reader.GetGuid(0), reader.GetGuid(1), Enum.Parse<TimerKind>(reader.GetString(2)), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetGuid(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetInt32(6),
                reader.GetFieldValue<DateTimeOffset>(7)));
        }

        return timers;
    }

    /// <summary>
    /// Fires one claimed timer. True when it fired or its failure was recorded (retry later, or an incident); false
    /// when it was no longer pending or no longer leased to this worker.
    /// </summary>
    public async Task<bool> FireAsync(DueTimer timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        try
        {
            return await FireOnceAsync(timer, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            try
            {
                return await RecordFailureAsync(timer, e, cancellationToken);
            }
            catch (Exception recording) when (recording is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The database itself is failing: the lease stays, and the timer is tried again when it expires.
                logger.LogError(recording, "Timer {TimerId} of instance {InstanceId} failed and its failure could not be recorded", timer.Id, timer.InstanceId);
                return false;
            }
        }
    }

    private async Task<bool> FireOnceAsync(DueTimer timer, CancellationToken cancellationToken)
    {
        if (timer.Kind == TimerKind.Signal)
        {
            // The hot case takes the runtime's two-round-trip path. Its event id is the timer's, so even a worker whose
            // lease was taken over cannot apply the effect a second time: the processed-event key refuses it.
            var (_, marked) = await runtime.RaiseAsync(timer.InstanceId, WorkflowRuntime.TimerEvent(timer), Actor.System("timer"), null, timer.Id,
                cancellationToken);
            return marked;
        }

        if (timer.Kind == TimerKind.NotifyParent)
        {
            // The parent's lock, not the child's: the outcome changes the parent.
            return await runtime.NotifyParentAsync(timer, _options.NodeId, cancellationToken);
        }

        return await LockedInstance.RunAsync(dataSource, timer.InstanceId, async locked =>
        {
            var now = clock.GetUtcNow();
            switch (timer.Kind)
            {
                case TimerKind.TaskReminder:
                    return await TaskService.RemindAsync(locked, timer.TaskId!.Value, () => MarkFiredAsync(locked, timer, now, cancellationToken), now, cancellationToken);
                case TimerKind.TaskEscalation:
                    return await TaskService.EscalateAsync(locked, timer.TaskId!.Value, () => MarkFiredAsync(locked, timer, now, cancellationToken), now, cancellationToken);
                default:
                    if (!await MarkFiredAsync(locked, timer, now, cancellationToken))
                    {
                        return false;
                    }

                    switch (timer.Kind)
                    {
                        case TimerKind.StartChild:
                            await runtime.StartChildAsync(locked, timer, cancellationToken);
                            break;
                        case TimerKind.CancelChild:
                            await runtime.CancelAsync(locked, "the parent workflow no longer waits for it", Actor.System("runtime"), tellParent: false,
                                cancellationToken);
                            break;
                        default:
                            await automatedSteps.RunAsync(locked, timer, cancellationToken);
                            break;
                    }

                    return true;
            }
        }, cancellationToken);
    }

    /// <summary>Marks the timer fired if it is still pending and leased to this worker; false otherwise (do nothing then).</summary>
    private async Task<bool> MarkFiredAsync(LockedInstance locked, DueTimer timer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var mark = locked.Command(
            "UPDATE workflow_timers SET status = 'Fired', fired_at = $3 WHERE id = $1 AND instance_id = $4 AND status = 'Pending' AND lease_owner = $2",
            timer.Id, _options.NodeId, now, locked.Id);
        return await mark.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// After a failed firing (rolled back): schedules the next try, or after the last one marks the timer
    /// <see cref="TimerStatus.Failed"/> and parks the instance with one open incident. A second failing timer of an
    /// instance already parked joins its open incident rather than opening another.
    /// </summary>
    private Task<bool> RecordFailureAsync(DueTimer timer, Exception error, CancellationToken cancellationToken) =>
        LockedInstance.RunAsync(dataSource, timer.InstanceId, async locked =>
        {
            await using (var current = locked.Command(
                "SELECT attempt FROM workflow_timers WHERE id = $1 AND instance_id = $3 AND status = 'Pending' AND lease_owner = $2 FOR UPDATE",
                timer.Id, _options.NodeId, locked.Id))
            {
                if (await current.ExecuteScalarAsync(cancellationToken) is not int attempt || attempt != timer.Attempt)
                {
                    return false;
                }
            }

            var now = clock.GetUtcNow();
            var instance = locked.Instance;
            var detail = StepWriter.Truncate($"{timer.Kind} timer {timer.Id} on step {timer.Step}, attempt {timer.Attempt}: {error}", 4000);
            var summary = StepWriter.Truncate($"{error.GetType().Name}: {error.Message}", 150);
            await using var batch = locked.NewBatch();
            if (timer.Attempt < _options.TimerMaxAttempts)
            {
                var delay = _options.TimerRetryBase * Math.Pow(2, timer.Attempt - 1);
                logger.LogWarning(error, "Timer {TimerId} ({Kind}) of {InstanceId} failed (attempt {Attempt}); retrying in {Delay}",
                    timer.Id, timer.Kind, instance.Id, timer.Attempt, delay);
                batch.BatchCommands.Add(Sql.Command(
                    "UPDATE workflow_timers SET attempt = attempt + 1, due_at = $2, lease_owner = NULL, lease_until = NULL WHERE id = $1", timer.Id, now + delay));
                StepWriter.JournalOnly(batch, instance, $"timer:{timer.Id}:failed:{timer.Attempt}",
                    StepWriter.Truncate($"step {timer.Step} attempt {timer.Attempt} failed: {summary}", 200), Actor.System("timer"), detail, now);
            }
            else
            {
                logger.LogError(error, "Timer {TimerId} ({Kind}) of {InstanceId} failed {Attempt} times; parked as an incident",
                    timer.Id, timer.Kind, instance.Id, timer.Attempt);
                batch.BatchCommands.Add(Sql.Command(
                    "UPDATE workflow_timers SET status = 'Failed', lease_owner = NULL, lease_until = NULL WHERE id = $1", timer.Id));
                batch.BatchCommands.Add(Sql.Command(
                    "INSERT INTO workflow_incidents (id, instance_id, step, error, attempts, status, created_at) " +
                    "SELECT $1, $2, $3, $4, $5, 'Open', $6 WHERE NOT EXISTS (SELECT 1 FROM workflow_incidents WHERE instance_id = $2 AND status = 'Open')",
                    Guid.CreateVersion7(now), instance.Id, timer.Step, detail, timer.Attempt, now));
                batch.BatchCommands.Add(Sql.Command(
                    "UPDATE workflow_instances SET status = 'Incident', row_version = row_version + 1, updated_at = $2 WHERE id = $1 AND status = 'Running'",
                    instance.Id, now));
                StepWriter.JournalOnly(batch, instance, $"timer:{timer.Id}:incident", StepWriter.Truncate($"step {timer.Step} parked as an incident: {summary}", 200),
                    Actor.System("timer"), detail, now);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.RunBackgroundWorkers)
        {
            return;
        }

        // Never move an instance on a definition whose published shape changed (nor before that is known).
        await versions.Passed.WaitAsync(stoppingToken);

        while (!stoppingToken.IsCancellationRequested)
        {
            int fired;
            try
            {
                fired = await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database may be restarting; keep polling rather than stopping the host.
                logger.LogWarning(e, "Timer worker poll failed");
                fired = 0;
            }

            if (fired == 0 && !await PollDelay.WaitAsync(_options.PollInterval, clock, stoppingToken))
            {
                return;
            }
        }
    }
}

public sealed record DueTimer(Guid Id, Guid InstanceId, TimerKind Kind, string Step, Guid? TaskId, string? EventName, int Attempt, DateTimeOffset DueAt);
