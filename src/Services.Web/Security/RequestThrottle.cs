using Npgsql;
using NpgsqlTypes;

namespace Services.Web.Security;

/// <summary>A limit: at most <paramref name="Limit"/> counted attempts per subject in each <paramref name="Window"/>.</summary>
public sealed record ThrottleRule(string Name, int Limit, TimeSpan Window)
{
    /// <summary>The rule with its limit and window taken from <c>Portal:Limits:{Name}:Limit</c> / <c>:WindowSeconds</c> when set.</summary>
    public ThrottleRule From(IConfiguration configuration)
    {
        var section = configuration.GetSection($"Portal:Limits:{Name}");
        return this with
        {
            Limit = section.GetValue("Limit", Limit),
            Window = TimeSpan.FromSeconds(section.GetValue("WindowSeconds", Window.TotalSeconds)),
        };
    }
}

/// <summary>What a counted attempt found: how many attempts the window has seen, and when it ends.</summary>
public sealed record ThrottleCount(int Hits, DateTimeOffset WindowEndsAt, ThrottleRule Rule)
{
    public bool Exceeded => Hits > Rule.Limit;

    public TimeSpan RetryAfter(DateTimeOffset now) => WindowEndsAt > now ? WindowEndsAt - now : TimeSpan.Zero;
}

/// <summary>
/// Fixed-window counters in PostgreSQL (one atomic upsert per attempt), so the limits hold across every web node and
/// restarts — an in-memory limiter per node would multiply the allowance by the number of nodes.
/// </summary>
public sealed class RequestThrottle(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private const int MaxKeyLength = 300;

    private const string Upsert = """
        INSERT INTO throttle_counters AS c (key, hits, window_ends_at) VALUES ($1, 1, $2 + $3)
        ON CONFLICT (key) DO UPDATE SET
            hits = CASE WHEN c.window_ends_at <= $2 THEN 1 ELSE c.hits + 1 END,
            window_ends_at = CASE WHEN c.window_ends_at <= $2 THEN $2 + $3 ELSE c.window_ends_at END
        RETURNING hits, window_ends_at, key
        """;

    /// <summary>
    /// How long the writer gathers attempts before each statement. Without it a rush of wrong dates of birth was written
    /// two or three attempts at a time, and each statement's commit cost the database a quarter of a millisecond of CPU
    /// (P1, ADR 0042: 1,900 failures/s took 19,000 statements in 20 s, and 4,800 with a millisecond of gathering).
    /// </summary>
    private static readonly TimeSpan GatherFor = TimeSpan.FromMilliseconds(1);

    private readonly Lock _queueGate = new();
    private List<QueuedHit> _queued = [];
    private bool _writing;

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Counts one attempt by <paramref name="subject"/> under <paramref name="rule"/>.</summary>
    public Task<ThrottleCount> HitAsync(ThrottleRule rule, string subject, CancellationToken ct) =>
        CountAsync(Upsert, rule, subject, ct);

    /// <summary>
    /// Counts one attempt like <see cref="HitAsync"/> and, in the same statement, notifies <paramref name="channel"/>
    /// with <c>key|hits|window end (Unix microseconds)</c> (see <see cref="ParseAnnouncement"/>); the notification is
    /// delivered when the count commits. Only counts of at least <paramref name="announceFrom"/> are announced.
    /// Attempts counted at the same moment on this node are written together (see <see cref="WriteQueuedAsync"/>); each
    /// caller still gets its own count, as if the attempts had been written one after another.
    /// </summary>
    public Task<ThrottleCount> HitAndAnnounceAsync(ThrottleRule rule, string subject, string channel, int announceFrom, CancellationToken ct)
    {
        var hit = new QueuedHit(rule, Key(rule, subject), channel, announceFrom);
        bool lead;
        lock (_queueGate)
        {
            _queued.Add(hit);
            lead = !_writing;
            _writing = true;
        }

        if (lead)
        {
            _ = WriteQueuedAsync();
        }

        // A caller that gives up does not take its attempt back: the count is written whatever happens to the request.
        return hit.Counted.Task.WaitAsync(ct);
    }

    /// <summary>
    /// Group commit for announced counts: one writer at a time per node; it gathers attempts for <see cref="GatherFor"/>,
    /// and the attempts that arrive while it writes wait for its next statement, which takes them all (one round trip
    /// and one commit instead of one each). Under a rush of wrong dates of birth the failures no longer queue one by one
    /// for the database; alone, an attempt waits a millisecond.
    /// </summary>
    private async Task WriteQueuedAsync()
    {
        while (true)
        {
            await Task.Delay(GatherFor);
            List<QueuedHit> batch;
            lock (_queueGate)
            {
                if (_queued.Count == 0)
                {
                    _writing = false;
                    return;
                }

                (batch, _queued) = (_queued, []);
            }

            foreach (var group in batch.GroupBy(h => (h.Rule, h.Channel, h.AnnounceFrom)))
            {
                var hits = group.ToList();
                try
                {
                    await WriteAsync(group.Key.Rule, group.Key.Channel, group.Key.AnnounceFrom, hits);
                }
                catch (Exception e)
                {
                    hits.ForEach(h => h.Counted.TrySetException(e));
                }
            }
        }
    }

    /// <summary>
    /// One statement for many attempts: each key once with its number of attempts, in key order (two nodes writing the
    /// same keys lock them in the same order); every caller gets the count its own attempt reached.
    /// </summary>
    private async Task WriteAsync(ThrottleRule rule, string channel, int announceFrom, List<QueuedHit> hits)
    {
        var perKey = hits.GroupBy(h => h.Key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT set_config('synchronous_commit', 'off', true)"));
        var command = new NpgsqlBatchCommand("""
            WITH counted AS (
                INSERT INTO throttle_counters AS c (key, hits, window_ends_at)
                SELECT k, n, $2 + $3 FROM unnest($1::text[], $4::int[]) WITH ORDINALITY AS u(k, n, i) ORDER BY i
                ON CONFLICT (key) DO UPDATE SET
                    hits = CASE WHEN c.window_ends_at <= $2 THEN EXCLUDED.hits ELSE c.hits + EXCLUDED.hits END,
                    window_ends_at = CASE WHEN c.window_ends_at <= $2 THEN $2 + $3 ELSE c.window_ends_at END
                RETURNING key, hits, window_ends_at)
            SELECT key, hits, window_ends_at,
                CASE WHEN hits >= $6 THEN pg_notify($5, key || '|' || hits || '|' || (extract(epoch FROM window_ends_at) * 1000000)::bigint) END
            FROM counted
            """);
        batch.BatchCommands.Add(command);
        command.Parameters.Add(new NpgsqlParameter { Value = perKey.Select(g => g.Key).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = rule.Window, NpgsqlDbType = NpgsqlDbType.Interval });
        command.Parameters.Add(new NpgsqlParameter { Value = perKey.Select(g => g.Count()).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = channel, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = announceFrom, NpgsqlDbType = NpgsqlDbType.Integer });
        var counts = new Dictionary<string, (int Hits, DateTimeOffset WindowEndsAt)>(StringComparer.Ordinal);
        await using (var reader = await batch.ExecuteReaderAsync())
        {
            await reader.NextResultAsync();
            while (await reader.ReadAsync())
            {
                counts[reader.GetString(0)] = (reader.GetInt32(1), reader.GetFieldValue<DateTimeOffset>(2));
            }
        }

        foreach (var key in perKey)
        {
            // The key's attempts in arrival order: the last reached the written count, each one before it one less.
            var (total, windowEndsAt) = counts[key.Key];
            var mine = key.ToList();
            for (var i = 0; i < mine.Count; i++)
            {
                mine[i].Counted.TrySetResult(new ThrottleCount(total - (mine.Count - 1 - i), windowEndsAt, rule));
            }
        }
    }

    /// <summary>Reads a notification of <see cref="HitAndAnnounceAsync"/>; false when it is not one.</summary>
    public static bool ParseAnnouncement(string payload, out string key, out int hits, out DateTimeOffset windowEndsAt)
    {
        ArgumentNullException.ThrowIfNull(payload);
        (key, hits, windowEndsAt) = ("", 0, default);
        // The key comes first and may itself contain '|' (subjects are typed by strangers): the numbers are the last two fields.
        var last = payload.LastIndexOf('|');
        var middle = last > 0 ? payload.LastIndexOf('|', last - 1) : -1;
        if (middle <= 0
            || !int.TryParse(payload.AsSpan(middle + 1, last - middle - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out hits)
            || !long.TryParse(payload.AsSpan(last + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var micros))
        {
            return false;
        }

        key = payload[..middle];
        windowEndsAt = DateTimeOffset.UnixEpoch.AddTicks(micros * TimeSpan.TicksPerMicrosecond);
        return true;
    }

    /// <summary>
    /// Runs a counting statement: its parameters are the key, now and the window; its first two columns the count. The count commits without waiting for the disk
    /// (<c>synchronous_commit = off</c> for this transaction only, in the same round trip): a database crash may forget
    /// the last fraction of a second of attempts, and no request waits on a WAL flush to be counted.
    /// </summary>
    private async Task<ThrottleCount> CountAsync(string sql, ThrottleRule rule, string subject, CancellationToken ct)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT set_config('synchronous_commit', 'off', true)"));
        var command = new NpgsqlBatchCommand(sql);
        batch.BatchCommands.Add(command);
        command.Parameters.Add(new NpgsqlParameter { Value = Key(rule, subject) });
        command.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = rule.Window, NpgsqlDbType = NpgsqlDbType.Interval });

        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        return new ThrottleCount(reader.GetInt32(0), reader.GetFieldValue<DateTimeOffset>(1), rule);
    }

    /// <summary>The current count without adding to it (zero when the window has ended).</summary>
    public async Task<ThrottleCount> PeekAsync(ThrottleRule rule, string subject, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("SELECT hits, window_ends_at FROM throttle_counters WHERE key = $1 AND window_ends_at > $2");
        command.Parameters.Add(new NpgsqlParameter { Value = Key(rule, subject) });
        command.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new ThrottleCount(reader.GetInt32(0), reader.GetFieldValue<DateTimeOffset>(1), rule)
            : new ThrottleCount(0, clock.GetUtcNow(), rule);
    }

    public async Task ResetAsync(ThrottleRule rule, string subject, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM throttle_counters WHERE key = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = Key(rule, subject) });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Subjects are typed by strangers: long ones are hashed so the key stays within its column.</summary>
    public static string Key(ThrottleRule rule, string subject)
    {
        var key = $"{rule.Name}:{subject.ToUpperInvariant()}";
        return key.Length <= MaxKeyLength
            ? key
            : $"{rule.Name}:#{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(subject.ToUpperInvariant())))}";
    }

    private sealed record QueuedHit(ThrottleRule Rule, string Key, string Channel, int AnnounceFrom)
    {
        public TaskCompletionSource<ThrottleCount> Counted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
