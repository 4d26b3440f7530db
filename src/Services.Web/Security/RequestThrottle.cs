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

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Counts one attempt by <paramref name="subject"/> under <paramref name="rule"/>.</summary>
    public Task<ThrottleCount> HitAsync(ThrottleRule rule, string subject, CancellationToken ct) =>
        CountAsync(Upsert, rule, subject, announce: null, ct);

    /// <summary>
    /// Counts one attempt like <see cref="HitAsync"/> and, in the same statement, notifies <paramref name="channel"/>
    /// with <c>key|hits|window end (Unix microseconds)</c> (see <see cref="ParseAnnouncement"/>); the notification is
    /// delivered when the count commits. Only counts of at least <paramref name="announceFrom"/> are announced.
    /// </summary>
    public Task<ThrottleCount> HitAndAnnounceAsync(ThrottleRule rule, string subject, string channel, int announceFrom, CancellationToken ct) =>
        CountAsync($"""
            WITH counted AS ({Upsert})
            SELECT hits, window_ends_at,
                CASE WHEN hits >= $5 THEN pg_notify($4, key || '|' || hits || '|' || (extract(epoch FROM window_ends_at) * 1000000)::bigint) END
            FROM counted
            """, rule, subject, (channel, announceFrom), ct);

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
    /// Runs a counting statement: its parameters are the key, now, the window (and the channel with the count from which
    /// it is announced); its first two columns the count. The count commits without waiting for the disk
    /// (<c>synchronous_commit = off</c> for this transaction only, in the same round trip): a database crash may forget
    /// the last fraction of a second of attempts, and no request waits on a WAL flush to be counted.
    /// </summary>
    private async Task<ThrottleCount> CountAsync(string sql, ThrottleRule rule, string subject, (string Channel, int From)? announce, CancellationToken ct)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT set_config('synchronous_commit', 'off', true)"));
        var command = new NpgsqlBatchCommand(sql);
        batch.BatchCommands.Add(command);
        command.Parameters.Add(new NpgsqlParameter { Value = Key(rule, subject) });
        command.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = rule.Window, NpgsqlDbType = NpgsqlDbType.Interval });
        if (announce is { } a)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = a.Channel, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = a.From, NpgsqlDbType = NpgsqlDbType.Integer });
        }

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
}
