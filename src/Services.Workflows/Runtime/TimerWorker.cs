using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Services.Data.Workflows;

namespace Services.Workflows.Runtime;

/// <summary>
/// Fires due timers. Any number of processes may run one: a batch of due timers is leased with
/// <c>FOR UPDATE SKIP LOCKED</c> (so two workers never take the same rows), then each timer is fired in its own
/// transaction: its effect and its "fired" mark commit together, guarded for signal timers by the event id
/// <c>timer:{id}</c> (processed once per instance) and for the others by "still pending and still leased to this
/// worker". So a timer fires once; a worker that dies leaves leases that expire and are claimed again, so a timer
/// fires late rather than never.
/// </summary>
public sealed class TimerWorker(
    NpgsqlDataSource dataSource,
    WorkflowRuntime runtime,
    AutomatedSteps automatedSteps,
    IOptions<WorkflowOptions> options,
    TimeProvider clock,
    ILogger<TimerWorker> logger) : BackgroundService
{
    private readonly WorkflowOptions _options = options.Value;

    public string NodeId => _options.NodeId;

    /// <summary>Claims and fires one batch of due timers; returns how many fired.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var claimed = await ClaimAsync(_options.TimerBatchSize, cancellationToken);
        if (claimed.Count == 0)
        {
            return 0;
        }

        var fired = 0;
        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = _options.TimerParallelism, CancellationToken = cancellationToken },
            async (timer, ct) =>
            {
                if (await FireAsync(timer, ct))
                {
                    Interlocked.Increment(ref fired);
                }
            });
        return fired;
    }

    /// <summary>Leases up to <paramref name="max"/> due timers to this worker.</summary>
    public async Task<IReadOnlyList<DueTimer>> ClaimAsync(int max, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var command = Sql.Command(dataSource,
            "UPDATE workflow_timers t SET lease_owner = $1, lease_until = $2 FROM (" +
            "SELECT id FROM workflow_timers WHERE status = 'Pending' AND due_at <= $3 AND (lease_until IS NULL OR lease_until < $3) " +
            "ORDER BY due_at LIMIT $4 FOR UPDATE SKIP LOCKED) due WHERE t.id = due.id " +
            "RETURNING t.id, t.instance_id, t.kind, t.step, t.task_id, t.event_name, t.attempt, t.due_at",
            _options.NodeId, now + _options.LeaseDuration, now, max);
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

    /// <summary>Fires one claimed timer; false if it was no longer pending or no longer leased to this worker.</summary>
    public async Task<bool> FireAsync(DueTimer timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        try
        {
            var now = clock.GetUtcNow();
            if (timer.Kind == TimerKind.Signal)
            {
                // The hot case takes the runtime's two-round-trip path. Its event id is the timer's, so even a worker
                // whose lease was taken over cannot apply the effect a second time: the processed-event key refuses it.
                var (_, marked) = await runtime.RaiseAsync(timer.InstanceId, new WorkflowEvent($"timer:{timer.Id}", timer.EventName ?? "timeout"),
                    Actor.System("timer"), null,
                    () => Sql.Command("UPDATE workflow_timers SET status = 'Fired', fired_at = $2 WHERE id = $1 AND status = 'Pending'", timer.Id, now),
                    cancellationToken);
                return marked == 1;
            }

            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var mark = Sql.Command(connection, transaction,
                "UPDATE workflow_timers SET status = 'Fired', fired_at = $3 WHERE id = $1 AND status = 'Pending' AND lease_owner = $2",
                timer.Id, _options.NodeId, now))
            {
                if (await mark.ExecuteNonQueryAsync(cancellationToken) == 0)
                {
                    return false;
                }
            }

            switch (timer.Kind)
            {
                case TimerKind.RunAutomated:
                    await automatedSteps.RunAsync(connection, transaction, timer, cancellationToken);
                    break;
                case TimerKind.TaskReminder:
                    await TaskService.RemindAsync(connection, transaction, timer.TaskId!.Value, now, cancellationToken);
                    break;
                case TimerKind.TaskEscalation:
                    await TaskService.EscalateAsync(connection, transaction, timer.TaskId!.Value, now, cancellationToken);
                    break;
            }

            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The lease stays; the timer is tried again when it expires.
            logger.LogError(e, "Timer {TimerId} ({Kind}) of instance {InstanceId} failed to fire", timer.Id, timer.Kind, timer.InstanceId);
            return false;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.RunBackgroundWorkers)
        {
            return;
        }

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
