using Microsoft.Extensions.Options;
using Npgsql;
using Services.Workflows.Runtime;

namespace Services.Web.Search;

/// <summary>
/// Deletes rows of <c>search_changes</c> older than <see cref="SearchOptions.ChangeRetention"/> (ADR 0020, "Pruning"),
/// recording in <c>search_changes_pruned</c>, in the same statement, the highest position it deleted. A node whose
/// cursor lies before that position may have missed a deleted change and rebuilds its index from the database, so
/// pruning never loses anything. Only rows of transactions older than every running one are deleted, so a rebuild
/// started after a pruning always ends beyond its position. Age is measured on the database's clock, which stamped
/// the rows. Runs on every node that runs background work; concurrent passes only delete what the other left.
/// </summary>
public sealed class SearchChangePruning(
    NpgsqlDataSource database,
    IOptions<SearchOptions> options,
    IOptions<WorkflowOptions> workflowOptions,
    TimeProvider clock,
    ILogger<SearchChangePruning> logger) : BackgroundService
{
    /// <summary>One pass (until a batch comes back short); returns how many rows were deleted.</summary>
    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        var total = 0;
        while (true)
        {
            await using var command = database.CreateCommand(
                "WITH gone AS (" +
                " DELETE FROM search_changes WHERE id IN (" +
                "  SELECT id FROM search_changes WHERE changed_at < now() - $1::interval" +
                "  AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())::text::bigint ORDER BY changed_at LIMIT $2)" +
                " RETURNING transaction_id, id)," +
                " mark AS (" +
                " INSERT INTO search_changes_pruned (id, transaction_id, change_id, pruned_at)" +
                " SELECT 1, transaction_id, id, now() FROM gone ORDER BY transaction_id DESC, id DESC LIMIT 1" +
                " ON CONFLICT (id) DO UPDATE SET transaction_id = excluded.transaction_id, change_id = excluded.change_id, pruned_at = excluded.pruned_at" +
                " WHERE (excluded.transaction_id, excluded.change_id) > (search_changes_pruned.transaction_id, search_changes_pruned.change_id))" +
                " SELECT count(*) FROM gone");
            command.Parameters.Add(new() { Value = options.Value.ChangeRetention });
            command.Parameters.Add(new() { Value = options.Value.PruneBatchSize });
            var deleted = (int)(long)(await command.ExecuteScalarAsync(ct))!;
            total += deleted;
            if (deleted < options.Value.PruneBatchSize)
            {
                break;
            }
        }

        if (total > 0)
        {
            logger.LogInformation("Search changes pruned: {Count} rows older than {Retention}.", total, options.Value.ChangeRetention);
        }

        return total;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!workflowOptions.Value.RunBackgroundWorkers)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.PruneInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await RunAsync(stoppingToken);
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
                {
                    // The database is away; the next pass deletes what this one left.
                    logger.LogWarning(e, "Search change pruning failed; retrying at the next interval.");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
