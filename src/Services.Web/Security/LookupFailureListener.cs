using Npgsql;
using NpgsqlTypes;
using Services.Data;

namespace Services.Web.Security;

/// <summary>
/// Keeps this node's <see cref="LookupFailureMirror"/> current (ADR 0038): on its own connection it LISTENs to the
/// failures every node announces, then loads the per-code counters of the current windows, and only then vouches
/// for the mirror. Every few seconds without a notification it pings the database and drops ended windows. When the
/// connection fails it stops vouching at once (lookups read the counters from the database) and reconnects with a
/// growing delay, clearing and reloading the mirror each time, so no failure announced meanwhile is missed.
/// </summary>
public sealed class LookupFailureListener([FromKeyedServices(ServicesDataSetup.Sessions)] NpgsqlDataSource dataSource, LookupFailureMirror mirror, IConfiguration configuration, TimeProvider clock,
    ILogger<LookupFailureListener> logger) : BackgroundService
{
    /// <summary>The channel <see cref="LookupGuard.FailedAsync"/> announces each counted failure on.</summary>
    public const string Channel = "lookup_failures";

    /// <summary>Names the listener's session in <c>pg_stat_activity</c>.</summary>
    public const string ApplicationName = "portal-lookup-failures";

    private static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long one renewal vouches for the mirror: longer than a ping and its timeout, so it lapses only when the
    /// loop itself is stuck — a connection that died silently still sends lookups to the database within this.
    /// </summary>
    private static readonly TimeSpan Lease = PingInterval * 3;

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private ThrottleRule PerCode => ThrottleRules.LookupFailuresPerCode.From(configuration);

    /// <summary>The first wait before reconnecting (<c>Portal:LookupFailures:RetryDelay</c>); it doubles up to 30 s while the database stays away.</summary>
    private TimeSpan FirstRetryDelay => configuration.GetValue("Portal:LookupFailures:RetryDelay", TimeSpan.FromSeconds(1));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retryDelay = FirstRetryDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                await ListenAndLoadAsync(connection, stoppingToken);
                logger.LogInformation("Lookup failure mirror is live with {Count} counters", mirror.Count);
                retryDelay = FirstRetryDelay;
                await FollowAsync(connection, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // Whatever went wrong, lookups stay guarded by the database; the listener must never stop the node.
                mirror.MarkDown();
                logger.LogWarning(e, "Lookup failure mirror is down; lookups read the failure counters from the database. Reconnecting in {Delay}.", retryDelay);
            }

            try
            {
                await Task.Delay(retryDelay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            retryDelay = retryDelay * 2 < MaxRetryDelay ? retryDelay * 2 : MaxRetryDelay;
        }

        mirror.MarkDown();
    }

    /// <summary>LISTEN first, then load: a failure committed in between is both announced and loaded, and merging keeps the higher count.</summary>
    private async Task ListenAndLoadAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        mirror.MarkDown();
        mirror.Clear();
        connection.Notification += (_, e) => Apply(e.Payload);
        await using (var listen = new NpgsqlCommand($"SET application_name = '{ApplicationName}'; LISTEN {Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(ct);
        }

        await using (var load = new NpgsqlCommand("SELECT key, hits, window_ends_at FROM throttle_counters WHERE starts_with(key, $1) AND window_ends_at > $2", connection))
        {
            load.Parameters.Add(new NpgsqlParameter { Value = PerCode.Name + ":", NpgsqlDbType = NpgsqlDbType.Text });
            load.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
            await using var reader = await load.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                mirror.Apply(reader.GetString(0), reader.GetInt32(1), reader.GetFieldValue<DateTimeOffset>(2));
            }
        }

        mirror.Renew(Lease);
    }

    /// <summary>Waits for notifications (applied by the connection's event) until the connection fails or the node stops.</summary>
    private async Task FollowAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var nextSweep = Environment.TickCount64 + (long)PingInterval.TotalMilliseconds;
        while (true)
        {
            if (!await connection.WaitAsync(PingInterval, ct))
            {
                // Nothing announced for a while: make sure the connection is still there before vouching again.
                await using var ping = new NpgsqlCommand("SELECT 1", connection) { CommandTimeout = (int)PingInterval.TotalSeconds };
                await ping.ExecuteNonQueryAsync(ct);
            }

            if (Environment.TickCount64 >= nextSweep)
            {
                mirror.DropExpired();
                nextSweep = Environment.TickCount64 + (long)PingInterval.TotalMilliseconds;
            }

            mirror.Renew(Lease);
        }
    }

    private void Apply(string payload)
    {
        if (RequestThrottle.ParseAnnouncement(payload, out var key, out var hits, out var windowEndsAt))
        {
            mirror.Apply(key, hits, windowEndsAt);
        }
        else
        {
            logger.LogWarning("Ignored a malformed lookup failure notification: {Payload}", payload);
        }
    }
}
