using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Services.Data.Workflows;

namespace Services.Workflows.Runtime;

/// <summary>
/// Raises one event on every instance of a definition waiting in a step (the admissions allocation published to
/// thousands of dossiers), in slices of <see cref="WorkflowOptions.BatchRaiseSize"/> instances taken in id order.
/// After each slice the counts and the cursor (the last instance id) are saved, so a process that dies loses at most
/// one slice of progress and whoever takes the batch over (its lease has run out) goes on from the cursor. Every
/// instance gets the same event id, <c>batch:{id}</c>: one raised before the crash but after the last saved cursor is
/// met again, answers <see cref="TransitionOutcome.Duplicate"/>, changes nothing and is counted as raised once.
/// </summary>
public sealed class BatchRaises(
    NpgsqlDataSource dataSource,
    WorkflowRuntime runtime,
    IOptions<WorkflowOptions> options,
    TimeProvider clock,
    WorkflowVersionCheck versions,
    ILogger<BatchRaises> logger) : BackgroundService
{
    private readonly WorkflowOptions _options = options.Value;

    /// <summary>Records a batch raise; a worker (this process's or another's) then works it. Returns its id.</summary>
    public async Task<Guid> CreateAsync(string definitionName, string step, string eventName, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var blueprint = runtime.Registry.Latest(definitionName);
        if (!runtime.Registry.Versions(definitionName).Any(b => b.HasStep(step) && (b.Step(step).On(eventName) is not null || b.Step(step).Collects.ContainsKey(eventName))))
        {
            throw new InvalidOperationException($"Workflow {blueprint.Name}: no version's step '{step}' takes '{eventName}'.");
        }

        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        await using var command = Sql.Command(dataSource,
            "INSERT INTO workflow_batch_raises (id, definition_name, step, event_name, total, raised, skipped, status, created_by, created_at, updated_at) " +
            "SELECT $1, $2, $3, $4, count(*), 0, 0, 'Running', $5, $6, $6 FROM workflow_instances WHERE definition_name = $2 AND current_step = $3 AND status = 'Running'",
            id, definitionName, step, eventName, StepWriter.Truncate(actor.DisplayName, 200), now);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return id;
    }

    public async Task<BatchRaiseProgress?> ProgressAsync(Guid batchId, CancellationToken cancellationToken = default)
    {
        await using var command = Sql.Command(dataSource,
            "SELECT id, definition_name, step, event_name, total, raised, skipped, status, updated_at FROM workflow_batch_raises WHERE id = $1", batchId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new BatchRaiseProgress(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4), reader.GetInt32(5),
                reader.GetInt32(6), Enum.Parse<BatchRaiseStatus>(reader.GetString(7)), reader.GetFieldValue<DateTimeOffset>(8))
            : null;
    }

    /// <summary>
    /// Leases <paramref name="batchId"/> (or, when null, any unfinished batch nobody holds) and works it to the end.
    /// Returns its progress, or null when there was nothing this worker could take.
    /// </summary>
    public async Task<BatchRaiseProgress?> WorkAsync(Guid? batchId, CancellationToken cancellationToken)
    {
        await using var claim = Sql.Command(dataSource,
            "UPDATE workflow_batch_raises b SET lease_owner = $1, lease_until = now() + $2 FROM (" +
            "SELECT id FROM workflow_batch_raises WHERE status = 'Running' AND (lease_until IS NULL OR lease_until < now() OR lease_owner = $1) " +
            "AND ($3::uuid IS NULL OR id = $3) ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED) free WHERE b.id = free.id " +
            "RETURNING b.id, b.definition_name, b.step, b.event_name, b.last_instance_id",
            _options.NodeId, _options.LeaseDuration, batchId);
        Guid id;
        string definition, step, eventName;
        Guid cursor;
        await using (var reader = await claim.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            (id, definition, step, eventName) = (reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3));
            cursor = reader.IsDBNull(4) ? Guid.Empty : reader.GetGuid(4);
        }

        var eventId = $"batch:{id}";
        while (true)
        {
            var slice = await NextSliceAsync(definition, step, eventId, cursor, cancellationToken);
            if (slice.Count == 0)
            {
                await using var finish = Sql.Command(dataSource,
                    "UPDATE workflow_batch_raises SET status = 'Finished', finished_at = $3, updated_at = $3, lease_owner = NULL, lease_until = NULL " +
                    "WHERE id = $1 AND lease_owner = $2", id, _options.NodeId, clock.GetUtcNow());
                await finish.ExecuteNonQueryAsync(cancellationToken);
                return await ProgressAsync(id, cancellationToken);
            }

            int raised = 0, skipped = 0;
            await Parallel.ForEachAsync(slice, new ParallelOptions { MaxDegreeOfParallelism = _options.TimerParallelism, CancellationToken = cancellationToken },
                async (instanceId, ct) =>
                {
                    var result = await runtime.RaiseAsync(instanceId, new WorkflowEvent(eventId, eventName), Actor.System("batch-raise"), null, ct);
                    Interlocked.Increment(ref result.Outcome == TransitionOutcome.NotApplicable ? ref skipped : ref raised);
                });
            cursor = slice[^1];
            await using var save = Sql.Command(dataSource,
                "UPDATE workflow_batch_raises SET raised = raised + $3, skipped = skipped + $4, last_instance_id = $5, updated_at = $6, lease_until = now() + $7 " +
                "WHERE id = $1 AND lease_owner = $2 AND status = 'Running'",
                id, _options.NodeId, raised, skipped, cursor, clock.GetUtcNow(), _options.LeaseDuration);
            if (await save.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                // The lease ran out and another worker took the batch over: it goes on from the saved cursor.
                logger.LogWarning("Batch raise {BatchId} was taken over by another worker", id);
                return await ProgressAsync(id, cancellationToken);
            }
        }
    }

    /// <summary>
    /// The next instances after the cursor: those waiting in the step, and those this batch already raised (a slice
    /// raised before a crash but not saved), which must be counted again but not changed again.
    /// </summary>
    private async Task<List<Guid>> NextSliceAsync(string definition, string step, string eventId, Guid cursor, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(dataSource,
            "SELECT i.id FROM workflow_instances i WHERE i.definition_name = $1 AND i.id > $2 AND ((i.current_step = $3 AND i.status = 'Running') OR " +
            "EXISTS (SELECT 1 FROM workflow_processed_events p WHERE p.instance_id = i.id AND p.event_id = $4)) ORDER BY i.id LIMIT $5",
            definition, cursor, step, eventId, _options.BatchRaiseSize);
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

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
            BatchRaiseProgress? worked;
            try
            {
                worked = await WorkAsync(null, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // An instance that cannot take the event fails its slice; the lease runs out and the batch is tried again.
                logger.LogWarning(e, "Batch raise worker poll failed");
                worked = null;
            }

            if (worked is null && !await PollDelay.WaitAsync(_options.PollInterval * 5, clock, stoppingToken))
            {
                return;
            }
        }
    }
}

/// <param name="Raised">Instances the event moved (each once, even across a crash).</param>
/// <param name="Skipped">Instances that had left the step before their turn.</param>
public sealed record BatchRaiseProgress(Guid Id, string DefinitionName, string Step, string EventName, int Total, int Raised, int Skipped,
    BatchRaiseStatus Status, DateTimeOffset UpdatedAt);
