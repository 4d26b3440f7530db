using System.Text.RegularExpressions;
using Npgsql;
using Services.Data.Workflows;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Samples;

namespace Services.Tests.Integration.Workflows;

/// <summary>R3 for notifications, plus retries, dead letters and the admin retry.</summary>
/// <remarks>
/// The first test runs two real app processes whose leases are far shorter than a batch takes, so a batch loses its
/// lease mid-way and the other process takes its messages over; each message must still be sent exactly once. How
/// long a batch takes is set by the SMS gateway, which answers each message after <see cref="GatewayDelay"/>, not by
/// how fast this machine writes mail: a pickup folder on a quick machine once sent whole batches within the lease, and
/// the case under test never happened.
/// </remarks>
public sealed partial class OutboxOnTwoNodesTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly TimeSpan GatewayDelay = TimeSpan.FromMilliseconds(15);

    [Fact]
    public async Task TwoAppProcessesWhoseLeasesRunOutMidBatchSendEachMessageOnce()
    {
        using var dataA = new TempDirectory();
        using var dataB = new TempDirectory();
        // One batch of every message: alone, A would need Count × GatewayDelay (15 s) against a lease of 1 s.
        const int Count = 1000;
        await using var gateway = SlowSmsGateway.Start(GatewayDelay);
        var settings = new Dictionary<string, string?>
        {
            ["Workflows:SmsWebhookUrl"] = gateway.Url,
            ["Workflows:LeaseDuration"] = "00:00:01",
            ["Workflows:OutboxBatchSize"] = Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Workflows:PollInterval"] = "00:00:00.050",
        };
        await using var appA = await AppProcess.StartAsync(database.ConnectionString, dataA.Path, settings);

        // Queued in one transaction, so A claims the whole lot in its first batch.
        var ids = Enumerable.Range(0, Count).Select(_ => Guid.NewGuid()).ToArray();
        await using (var queue = database.DataSource.CreateCommand(
            "INSERT INTO outbox_messages (id, channel, recipient, subject, body, status, attempts, next_attempt_at, created_at) " +
            "SELECT id, 'Sms', '0901234567', '', 'Hồ sơ đã được duyệt', 'Pending', 0, now(), now() FROM unnest($1::uuid[]) AS id"))
        {
            queue.Parameters.Add(new NpgsqlParameter { Value = ids });
            await queue.ExecuteNonQueryAsync();
        }

        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (await CountAsync("SELECT count(*) FROM outbox_messages WHERE lease_owner IS NULL AND status = 'Pending' AND id = ANY($1)", ids) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"A claimed nothing within a minute.\nA:\n{appA.LogTail()}");
            await Task.Delay(50);
        }

        // B starts while A is still going through its batch, whose untouched messages' leases have run out.
        await using var appB = await AppProcess.StartAsync(database.ConnectionString, dataB.Path, settings);
        deadline = DateTime.UtcNow.AddMinutes(3);
        while (await CountAsync("SELECT count(*) FROM outbox_messages WHERE status <> 'Sent' AND id = ANY($1)", ids) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not all sent within 3 minutes.\nA:\n{appA.LogTail()}\nB:\n{appB.LogTail()}");
            await Task.Delay(200);
        }

        // Each message reached the gateway once: none lost, none twice.
        Assert.Equal(ids.Order(), gateway.MessageIds.Order());
        // A's batch did lose its lease mid-way (the case being tested): what A left, B sent, each once (above).
        Assert.True(appA.LogLinesContaining("was taken over by another node") > 0, $"No lease ran out mid-batch: the test proved nothing.\nA:\n{appA.LogTail()}");
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM outbox_messages WHERE attempts <> 1 AND id = ANY($1)", ids));
    }

    private async Task<long> CountAsync(string sql, Guid[] ids)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = ids });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task TwoDispatchersOnOneDatabaseSendEveryMessageExactlyOnce()
    {
        using var mail = new TempDirectory();
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(7)));
        var small = new Dictionary<string, string?> { ["Workflows:OutboxBatchSize"] = "4" };
        await using var nodeA = WorkflowNode.Start(database, clock, mail.Path, settings: small);
        await using var nodeB = WorkflowNode.Start(database, clock, mail.Path, settings: small);
        var ids = await QueueEmailsAsync(database, clock, 80);

        var handled = await Task.WhenAll(Task.Run(nodeA.DispatchOutboxAsync), Task.Run(nodeB.DispatchOutboxAsync));

        Assert.Equal(80, handled.Sum());
        var sent = MessageIds(mail);
        Assert.Equal(80, sent.Count);
        Assert.Equal(ids.Order(), sent.Order());
        await using var status = database.DataSource.CreateCommand("SELECT count(*) FROM outbox_messages WHERE status = 'Sent' AND attempts = 1 AND id = ANY($1)");
        status.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
        Assert.Equal(80L, await status.ExecuteScalarAsync());
    }

    [Fact]
    public async Task SmsWithoutAGatewayIsDeadLetteredWithTheReasonAndCanBeQueuedAgain()
    {
        using var mail = new TempDirectory();
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.FromHours(7)));
        await using var node = WorkflowNode.Start(database, clock, mail.Path);
        var id = Guid.NewGuid();
        await using (var insert = database.DataSource.CreateCommand(
            "INSERT INTO outbox_messages (id, channel, recipient, subject, body, status, attempts, next_attempt_at, created_at) " +
            $"VALUES ('{id}', 'Sms', '0901234567', '', 'Hồ sơ đã được duyệt', 'Pending', 0, $1, $1)"))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow() });
            await insert.ExecuteNonQueryAsync();
        }

        await node.DispatchOutboxAsync();

        var dead = Assert.Single(await node.OutboxAdmin.ListDeadLettersAsync(), m => m.Id == id);
        Assert.Contains("No SMS gateway is configured", dead.LastError, StringComparison.Ordinal);
        Assert.True(await node.OutboxAdmin.RetryAsync(id));
        Assert.DoesNotContain(await node.OutboxAdmin.ListDeadLettersAsync(), m => m.Id == id);
    }

    [Fact]
    public async Task AFailingDeliveryIsRetriedWithGrowingDelaysThenDeadLettered()
    {
        using var mail = new TempDirectory();
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.FromHours(7)));
        await using var node = WorkflowNode.Start(database, clock, mail.Path, settings: new Dictionary<string, string?> { ["Workflows:OutboxMaxAttempts"] = "3" });
        var id = Guid.NewGuid();
        await using (var insert = database.DataSource.CreateCommand(
            "INSERT INTO outbox_messages (id, channel, recipient, subject, body, status, attempts, next_attempt_at, created_at) " +
            $"VALUES ('{id}', 'InApp', '{Guid.NewGuid()}', 'x', 'y', 'Pending', 0, $1, $1)"))
        {
            // An in-app message to a user who does not exist fails on the foreign key every time it is tried.
            insert.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow() });
            await insert.ExecuteNonQueryAsync();
        }

        await node.DispatchOutboxAsync();
        Assert.Equal((OutboxStatus.Pending, 1, TimeSpan.FromSeconds(30)), await StateAsync(id, clock));
        clock.Advance(TimeSpan.FromSeconds(30));
        await node.DispatchOutboxAsync();
        Assert.Equal((OutboxStatus.Pending, 2, TimeSpan.FromSeconds(60)), await StateAsync(id, clock));
        clock.Advance(TimeSpan.FromSeconds(60));
        await node.DispatchOutboxAsync();
        Assert.Equal(OutboxStatus.DeadLettered, (await StateAsync(id, clock)).Status);
        Assert.Contains(await node.OutboxAdmin.ListDeadLettersAsync(), m => m.Id == id && m.LastError!.Contains("fk_notifications_users_user_id", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AMessageWhoseEveryAttemptDiedWithItsSenderIsDeadLetteredNotSentAgain()
    {
        using var mail = new TempDirectory();
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.FromHours(7)));
        await using var node = WorkflowNode.Start(database, clock, mail.Path, settings: new Dictionary<string, string?> { ["Workflows:OutboxMaxAttempts"] = "3" });
        var id = Assert.Single(await QueueEmailsAsync(database, clock, 1));
        // Three attempts were counted (before sending, as always) and none recorded an outcome: each time the
        // process died on this message. That is what the row looks like afterwards.
        await using (var crashed = database.DataSource.CreateCommand($"UPDATE outbox_messages SET attempts = 3 WHERE id = '{id}'"))
        {
            await crashed.ExecuteNonQueryAsync();
        }

        await node.DispatchOutboxAsync();

        Assert.Empty(mail.Files);
        var dead = Assert.Single(await node.OutboxAdmin.ListDeadLettersAsync(), m => m.Id == id);
        Assert.Contains("never finished", dead.LastError, StringComparison.Ordinal);
    }

    private async Task<(OutboxStatus Status, int Attempts, TimeSpan RetryIn)> StateAsync(Guid id, ManualClock clock)
    {
        await using var command = database.DataSource.CreateCommand($"SELECT status, attempts, next_attempt_at FROM outbox_messages WHERE id = '{id}'");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (Enum.Parse<OutboxStatus>(reader.GetString(0)), reader.GetInt32(1), reader.GetFieldValue<DateTimeOffset>(2) - clock.GetUtcNow());
    }

    internal static async Task<List<Guid>> QueueEmailsAsync(TestDatabase database, ManualClock clock, int count)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToList();
        await using var batch = database.DataSource.CreateBatch();
        foreach (var id in ids)
        {
            var command = new NpgsqlBatchCommand(
                "INSERT INTO outbox_messages (id, channel, recipient, subject, body, status, attempts, next_attempt_at, created_at) " +
                "VALUES ($1, 'Email', 'phuhuynh@example.vn', 'Thông báo', 'Nội dung', 'Pending', 0, $2, $2)");
            command.Parameters.Add(new NpgsqlParameter { Value = id });
            command.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow() });
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync();
        return ids;
    }

    internal static List<Guid> MessageIds(TempDirectory mail) =>
        mail.Files.Select(f => Guid.Parse(MessageIdHeader().Match(File.ReadAllText(f)).Groups[1].Value)).ToList();

    [GeneratedRegex(@"Message-ID: <([0-9a-f-]{36})@servicesportal>", RegexOptions.IgnoreCase)]
    private static partial Regex MessageIdHeader();
}
