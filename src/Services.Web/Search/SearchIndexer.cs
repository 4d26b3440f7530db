using System.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;
using Services.Data;

namespace Services.Web.Search;

/// <summary>
/// Keeps this node's index a copy of PostgreSQL (ADR 0020): rebuilds it from every source when it has none (first
/// start, a deleted folder, a rebuild cut short), then tails <c>search_changes</c> from the cursor the index commit
/// holds and re-reads each changed item through its source. Only changes of transactions older than every running one
/// are taken, so a change that commits late is never stepped over.
/// </summary>
public sealed class SearchIndexer(
    SearchIndex index,
    IEnumerable<ISearchSource> sources,
    NpgsqlDataSource database,
    IServiceScopeFactory scopes,
    IOptions<SearchOptions> options,
    ILogger<SearchIndexer> logger) : BackgroundService
{
    private readonly Dictionary<string, ISearchSource> _sources = sources.ToDictionary(s => s.Kind, StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (index.Cursor is null)
                {
                    await RebuildAsync(stoppingToken);
                }

                if (await ApplyChangesAsync(stoppingToken) < options.Value.BatchSize)
                {
                    await Task.Delay(options.Value.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException or IOException)
            {
                // The database may be restarting; the index stays as it was and the next round resumes from its cursor.
                logger.LogWarning(ex, "Search indexing failed; retrying.");
                await Task.Delay(options.Value.RetryDelay, stoppingToken);
            }
        }
    }

    /// <summary>Refills the index from every source; the changes of transactions that may still be running are tailed after.</summary>
    public async Task RebuildAsync(CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var horizon = await OldestRunningTransactionAsync(ct);
        index.Clear();
        var count = 0;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            foreach (var source in _sources.Values)
            {
                await foreach (var item in source.ReadAsync(db, null, ct))
                {
                    index.Add(source.Kind, item);
                    count++;
                }
            }
        }

        // Every transaction below the horizon had finished before the sources were read: their changes are in.
        index.Commit(new ChangeCursor(horizon - 1, long.MaxValue));
        logger.LogInformation("Search index rebuilt at {Path}: {Count} items in {Elapsed} ms.", index.Path, count, watch.ElapsedMilliseconds);
    }

    /// <returns>How many changes were applied.</returns>
    private async Task<int> ApplyChangesAsync(CancellationToken ct)
    {
        var cursor = index.Cursor!;
        var changes = new List<(long TransactionId, long Id, string Kind, string Key)>();
        await using (var command = database.CreateCommand(
            "SELECT transaction_id, id, kind, key FROM search_changes " +
            "WHERE (transaction_id, id) > ($1, $2) AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())::text::bigint " +
            "ORDER BY transaction_id, id LIMIT $3"))
        {
            command.Parameters.Add(new() { Value = cursor.TransactionId });
            command.Parameters.Add(new() { Value = cursor.Id });
            command.Parameters.Add(new() { Value = options.Value.BatchSize });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                changes.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3)));
            }
        }

        // Read after the changes: a pruning that deleted rows this node had not read yet is seen here (ADR 0020, "Pruning").
        if (await PrunedPastAsync(cursor, ct))
        {
            logger.LogWarning("Search changes after this node's position were pruned; rebuilding the index from the database.");
            await RebuildAsync(ct);
            return 0;
        }

        if (changes.Count == 0)
        {
            return 0;
        }

        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            foreach (var kind in changes.GroupBy(c => c.Kind))
            {
                // A kind without a source here (a newer node wrote it) waits for the rebuild that follows the upgrade.
                if (!_sources.TryGetValue(kind.Key, out var source))
                {
                    continue;
                }

                var keys = kind.Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
                var items = new List<SearchItem>();
                await foreach (var item in source.ReadAsync(db, keys, ct))
                {
                    items.Add(item);
                }

                var byKey = items.ToLookup(i => i.Key, StringComparer.Ordinal);
                foreach (var key in keys)
                {
                    index.Replace(kind.Key, key, byKey[key]);
                }
            }
        }

        var last = changes[^1];
        index.Commit(new ChangeCursor(last.TransactionId, last.Id));
        return changes.Count;
    }

    /// <summary>Whether changes beyond <paramref name="cursor"/> have been deleted by the pruning job.</summary>
    private async Task<bool> PrunedPastAsync(ChangeCursor cursor, CancellationToken ct)
    {
        await using var command = database.CreateCommand("SELECT EXISTS (SELECT 1 FROM search_changes_pruned WHERE (transaction_id, change_id) > ($1, $2))");
        command.Parameters.Add(new() { Value = cursor.TransactionId });
        command.Parameters.Add(new() { Value = cursor.Id });
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    private async Task<long> OldestRunningTransactionAsync(CancellationToken ct)
    {
        await using var command = database.CreateCommand("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint");
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }
}

/// <summary>Settings under <c>Search</c>: how often a node looks for changes and how many it takes at once.</summary>
public sealed class SearchOptions
{
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);
    public int BatchSize { get; set; } = 500;

    /// <summary>How long a row of <c>search_changes</c> is kept; a node away for longer rebuilds its index at its return.</summary>
    public TimeSpan ChangeRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the pruning job deletes rows older than <see cref="ChangeRetention"/>.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many rows one pruning statement deletes, so a first run over a long history stays short transactions.</summary>
    public int PruneBatchSize { get; set; } = 10_000;
}
