using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Npgsql;
using Services.Tests.Integration.Infrastructure;

namespace Services.Tests.Integration.Observability;

/// <summary>/metrics: the runtime's gauges read from the database, for allowed addresses only.</summary>
/// <remarks>
/// Alone, never beside another class: OpenTelemetry listens to meters by name in the whole process, so while another
/// in-process portal is alive its gauges (another database's counts) could be the ones scraped here. In production a
/// process hosts one portal.
/// </remarks>
[Collection(AloneInTheProcess.Name)]
public sealed class MetricsEndpointTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    // The workers stay off so the rows this test writes are still there, untouched, when it scrapes.
    private static readonly Dictionary<string, string?> QuietRuntime = new() { ["Workflows:RunBackgroundWorkers"] = "false" };

    [Fact]
    public async Task LoopbackReadsTheRuntimeGaugesComputedFromTheDatabase()
    {
        var journalHighest = await SeedTroubleAsync();
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString, QuietRuntime);
        Assert.Equal(HttpStatusCode.OK, (await portal.Client.GetAsync("/healthz")).StatusCode);

        using var response = await portal.Client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(1, Value(text, "portal_workflow_incidents_open"));
        Assert.Equal(1, Value(text, "portal_outbox_backlog"));
        Assert.InRange(Value(text, "portal_outbox_age_seconds"), 600, 3600);
        Assert.Equal(1, Value(text, "portal_outbox_dead_letters"));
        Assert.Equal(1, Value(text, "portal_workflow_timers_due"));
        Assert.InRange(Value(text, "portal_workflow_timers_lag_seconds"), 120, 3600);
        Assert.Equal(journalHighest, Value(text, "portal_workflow_transitions_total"));
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
        Assert.Matches(new Regex("^dotnet_gc_", RegexOptions.Multiline), text);
    }

    [Fact]
    public async Task AnAddressNotInTheListGets404EvenOnLoopback()
    {
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString,
            new Dictionary<string, string?>(QuietRuntime) { ["Portal:Metrics:AllowedAddresses:0"] = "10.20.30.40" });
        using var response = await portal.Client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("portal_workflow", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARemoteVisitorForwardedByTheTrustedProxyGets404()
    {
        // The reverse proxy runs on loopback, listed as trusted (no proxy is trusted by default, ADR 0009), and names
        // the real client in X-Forwarded-For: that client is who asks, and it is not allowed.
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString,
            new Dictionary<string, string?>(QuietRuntime) { ["Portal:TrustedProxies:0"] = "127.0.0.1" });
        using var forwarded = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        forwarded.Headers.Add("X-Forwarded-For", "203.0.113.7");
        Assert.Equal(HttpStatusCode.NotFound, (await portal.Client.SendAsync(forwarded)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await portal.Client.GetAsync("/metrics")).StatusCode);
    }

    /// <summary>The value of an unlabelled-or-labelled sample line of <paramref name="metric"/>; fails when absent.</summary>
    private static double Value(string exposition, string metric)
    {
        var match = Regex.Match(exposition, $@"^{Regex.Escape(metric)}(\{{[^}}]*\}})? (\S+)", RegexOptions.Multiline);
        Assert.True(match.Success, $"{metric} is not in the exposition:\n{exposition[..Math.Min(exposition.Length, 4000)]}");
        return double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>One instance with two journal entries, an open incident, a late timer, a waiting message and a dead letter; returns the journal's highest id.</summary>
    private async Task<long> SeedTroubleAsync()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("""
            INSERT INTO workflow_instances (id, definition_name, definition_version, status, current_step, unit_id, correlation, state, row_version,
                                            journal_seq, last_journal_hash, created_at, updated_at)
            VALUES (@id, 'sample-flaky', 1, 'Faulted', 'call-registry', gen_random_uuid(), 'HS-METRICS', '{}', 1, 0, '', now(), now());
            INSERT INTO workflow_incidents (id, instance_id, step, error, attempts, status, created_at)
            VALUES (gen_random_uuid(), @id, 'call-registry', 'the registry is down', 3, 'Open', now());
            INSERT INTO workflow_timers (id, instance_id, kind, step, due_at, status, attempt, created_at)
            VALUES (gen_random_uuid(), @id, 'Signal', 'call-registry', now() - interval '2 minutes', 'Pending', 0, now() - interval '1 hour');
            INSERT INTO outbox_messages (id, instance_id, channel, recipient, subject, body, status, attempts, next_attempt_at, created_at)
            VALUES (gen_random_uuid(), @id, 'Email', 'a@example.test', 'waiting', 'b', 'Pending', 0, now(), now() - interval '10 minutes'),
                   (gen_random_uuid(), @id, 'Email', 'a@example.test', 'given up', 'b', 'DeadLettered', 6, now(), now() - interval '1 hour');
            INSERT INTO workflow_journal (instance_id, seq, event_id, action, actor_name, payload_sha256, occurred_at, prev_hash, hash)
            SELECT @id, n, 'e' || n, 'test', 'system:test', '', now(), '', '' FROM generate_series(1, 2) n;
            """, connection);
        command.Parameters.AddWithValue("id", Guid.NewGuid());
        await command.ExecuteNonQueryAsync();
        await using var highest = new NpgsqlCommand("SELECT max(id) FROM workflow_journal", connection);
        return (long)(await highest.ExecuteScalarAsync())!;
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneInTheProcess
{
    public const string Name = "alone in the process";
}
