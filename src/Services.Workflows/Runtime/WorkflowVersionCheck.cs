using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Services.Workflows.Runtime;

/// <summary>
/// At start-up, records the fingerprint (<see cref="WorkflowFingerprint"/>) of every registered version seen for the
/// first time and compares the others with what was recorded. A published version whose shape changed stops the start
/// with a message naming it: instances are pinned to their version, so the change belongs in a new version with a
/// step map. The workers that move instances wait for <see cref="Passed"/>. A portal started while the database is
/// unreachable still starts (its pages answer 503 until the database is back): the check is then tried again every few
/// seconds, and a changed shape found later stops the portal.
/// </summary>
public sealed class WorkflowVersionCheck(NpgsqlDataSource dataSource, WorkflowRegistry registry, TimeProvider clock, ILogger<WorkflowVersionCheck> logger,
    IHostApplicationLifetime? lifetime = null) : IHostedService, IDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);
    private readonly TaskCompletionSource _passed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Completes once every registered version matches what was recorded.</summary>
    public Task Passed => _passed.Task;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await CheckAsync(cancellationToken);
            _passed.TrySetResult();
        }
        catch (NpgsqlException e) when (e.IsTransient)
        {
            logger.LogWarning(e, "The database is unreachable at start-up; the workflow version check is tried again every {Delay}", RetryDelay);
            _ = RetryAsync(_stopping.Token);
        }
    }

    private async Task RetryAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(RetryDelay, cancellationToken);
                await CheckAsync(cancellationToken);
                _passed.TrySetResult();
                return;
            }
            catch (NpgsqlException e) when (e.IsTransient)
            {
                logger.LogDebug(e, "The database is still unreachable for the workflow version check");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (InvalidOperationException e)
            {
                logger.LogCritical(e, "Stopping: {Message}", e.Message);
                _passed.TrySetException(e);
                lifetime?.StopApplication();
                return;
            }
        }
    }

    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        var current = registry.Names.SelectMany(registry.Versions).ToList();
        await using (var record = dataSource.CreateBatch())
        {
            foreach (var blueprint in current)
            {
                record.BatchCommands.Add(Sql.Command(
                    "INSERT INTO workflow_versions (definition_name, version, fingerprint, first_seen_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                    blueprint.Name, blueprint.Version, WorkflowFingerprint.Of(blueprint), clock.GetUtcNow()));
            }

            if (record.BatchCommands.Count > 0)
            {
                await record.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        var recorded = new Dictionary<(string, int), string>();
        await using (var read = Sql.Command(dataSource, "SELECT definition_name, version, fingerprint FROM workflow_versions WHERE definition_name = ANY($1)",
            (object)registry.Names.ToArray()))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                recorded[(reader.GetString(0), reader.GetInt32(1))] = reader.GetString(2);
            }
        }

        var changed = current
            .Where(b => recorded[(b.Name, b.Version)] != WorkflowFingerprint.Of(b))
            .Select(b => $"workflow '{b.Name}' version {b.Version} (published as {recorded[(b.Name, b.Version)][..12]}…, now {WorkflowFingerprint.Of(b)[..12]}…)")
            .ToList();
        if (changed.Count > 0)
        {
            throw new InvalidOperationException(
                $"A published workflow version changed shape: {string.Join("; ", changed)}. Its instances are pinned to it: restore the version as it " +
                "was and declare the change as a new version with a step map (WorkflowVersions.Add(n + 1, …, stepsFromPrevious)), then migrate.");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => _stopping.CancelAsync();

    public void Dispose() => _stopping.Dispose();
}
