using System.Text.Json.Nodes;
using Npgsql;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Samples;
using Services.Workflows.GenericForms;
using Services.Workflows.Runtime;
using Xunit.Abstractions;

namespace Services.Tests.Integration.Workflows;

/// <summary>
/// R2 for real: the portal runs as a child process firing reminders and escalations and sending their mail; it is
/// killed with SIGKILL mid-way and started again. Every timer's effect happens exactly once, and every e-mail is
/// delivered at least once, always under its outbox message's Message-ID.
/// </summary>
public sealed class CrashRecoveryTests(TestDatabase database, ITestOutputHelper output) : IClassFixture<TestDatabase>
{
    private const int Dossiers = 600;

    [Fact]
    public async Task KillingTheAppWhileTimersFireAndMailIsSentLosesAndRepeatsNoTimerEffect()
    {
        using var mail = new TempDirectory();
        using var data = new TempDirectory();
        var unit = await TestUnit.CreateAsync(database.DataSource);
        // Dossiers received two months ago: every reminder and escalation is already due on the app's real clock.
        var clock = new ManualClock(DateTimeOffset.UtcNow.AddDays(-60));
        // The portal registers GenericFormWorkflow itself, so the node needs no sample definitions.
        await using (var node = WorkflowNode.Start(database, clock, mail.Path, []))
        {
            for (var i = 0; i < Dossiers; i++)
            {
                var state = new JsonObject { ["serviceTitle"] = "Xin nghỉ học", ["processingDays"] = 3, ["applicantEmail"] = "phuhuynh@example.vn" };
                await node.Runtime.StartAsync(GenericFormWorkflow.WorkflowName, unit.Id, $"HS-{Guid.NewGuid():N}", state, Actor.System("test"));
                // Received an hour apart, so reminders (in-app) and escalations (e-mail) of different dossiers fall due interleaved.
                clock.Advance(TimeSpan.FromHours(1));
            }
        }

        var timers = await CountAsync("SELECT count(*) FROM workflow_timers WHERE status = 'Pending'");
        Assert.Equal(2 * Dossiers, timers);
        var settings = new Dictionary<string, string?>
        {
            ["Mail:PickupDirectory"] = mail.Path,
            ["Workflows:LeaseDuration"] = "00:00:02",
            // Small sequential batches, so that timers are still firing when the mail starts going out.
            ["Workflows:TimerBatchSize"] = "5",
            ["Workflows:TimerParallelism"] = "1",
            ["Workflows:OutboxBatchSize"] = "10",
            ["Workflows:PollInterval"] = "00:00:00.050",
        };

        await using (var first = await AppProcess.StartAsync(database.ConnectionString, data.Path, settings))
        {
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (await CountAsync("SELECT count(*) FROM workflow_timers WHERE status = 'Fired'") < timers / 10
                || await CountAsync("SELECT count(*) FROM outbox_messages WHERE channel = 'Email' AND status = 'Sent'") < 3)
            {
                Assert.True(DateTime.UtcNow < deadline, $"The app fired nothing within 2 minutes:\n{first.LogTail()}");
                await Task.Delay(50);
            }

            await first.KillAsync();
        }

        var firedAtKill = await CountAsync("SELECT count(*) FROM workflow_timers WHERE status = 'Fired'");
        var pendingMailAtKill = await CountAsync("SELECT count(*) FROM outbox_messages WHERE status = 'Pending'");
        output.WriteLine($"At the kill: {firedAtKill} of {timers} timers fired, {pendingMailAtKill} messages pending.");
        Assert.True(firedAtKill < timers && pendingMailAtKill > 0, "Timers or mail were all done before the kill: the test proved nothing.");

        await using (var second = await AppProcess.StartAsync(database.ConnectionString, data.Path, settings))
        {
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (await CountAsync("SELECT count(*) FROM workflow_timers WHERE status <> 'Fired'") > 0
                || await CountAsync("SELECT count(*) FROM outbox_messages WHERE status <> 'Sent'") > 0)
            {
                Assert.True(DateTime.UtcNow < deadline, $"The restarted app did not finish within 3 minutes:\n{second.LogTail()}");
                await Task.Delay(200);
            }
        }

        // Every timer's effect exactly once: one reminder pass and one escalation per task, never two.
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM workflow_tasks WHERE reminded_at IS NULL OR escalated_at IS NULL"));
        Assert.Equal(Dossiers, await CountAsync("SELECT count(*) FROM workflow_journal WHERE event_id LIKE 'task:%:escalated'"));
        Assert.Equal(Dossiers, await CountAsync("SELECT count(DISTINCT event_id) FROM workflow_journal WHERE event_id LIKE 'task:%:escalated'"));
        Assert.Equal(Dossiers, await CountAsync("SELECT count(*) FROM outbox_messages WHERE channel = 'Email'"));
        Assert.Equal(2 * Dossiers, await CountAsync("SELECT count(*) FROM outbox_messages WHERE channel = 'InApp'"));
        Assert.Equal(2 * Dossiers, await CountAsync("SELECT count(*) FROM notifications"));

        // Every e-mail at least once, each under its own stable Message-ID, and nothing else in the folder.
        var emailIds = new HashSet<Guid>();
        await using (var command = database.DataSource.CreateCommand("SELECT id FROM outbox_messages WHERE channel = 'Email'"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                emailIds.Add(reader.GetGuid(0));
            }
        }

        var delivered = OutboxOnTwoNodesTests.MessageIds(mail);
        output.WriteLine($"{emailIds.Count} e-mails, {delivered.Count} deliveries ({delivered.Count - delivered.Distinct().Count()} repeated after the crash).");
        Assert.Subset(delivered.ToHashSet(), emailIds);
        Assert.Superset(delivered.ToHashSet(), emailIds);
        await using var verify = WorkflowNode.Start(database, clock, mail.Path, []);
        await using var ids = database.DataSource.CreateCommand("SELECT id FROM workflow_instances");
        await using var all = await ids.ExecuteReaderAsync();
        while (await all.ReadAsync())
        {
            Assert.True((await verify.Verifier.VerifyAsync(all.GetGuid(0))).Intact);
        }
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
