using Npgsql;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Samples;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Workflows;

public sealed class JournalTamperingTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(7)));

    [Fact]
    public async Task TheDatabaseRefusesUpdateDeleteAndTruncateOnTheJournal()
    {
        using var mail = new TempDirectory();
        await using var node = WorkflowNode.Start(database, _clock, mail.Path);
        var unit = await TestUnit.CreateAsync(database.DataSource);
        var started = await node.Runtime.StartAsync(SampleTimerWorkflow.DefinitionName, unit.Id, $"HS-{Guid.NewGuid():N}", null, Actor.System("test"));

        foreach (var sql in new[]
        {
            $"UPDATE workflow_journal SET action = 'nothing happened' WHERE instance_id = '{started.InstanceId}'",
            $"DELETE FROM workflow_journal WHERE instance_id = '{started.InstanceId}'",
            "TRUNCATE workflow_journal CASCADE",
        })
        {
            await using var command = database.DataSource.CreateCommand(sql);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
        }

        Assert.Single(await node.Instances.JournalAsync(started.InstanceId));
        Assert.True((await node.Verifier.VerifyAsync(started.InstanceId)).Intact);
    }

    [Fact]
    public async Task TheAppsOwnRoleCanAppendButNeitherRewriteTheJournalNorDisableItsTrigger()
    {
        using var mail = new TempDirectory();
        var appConnection = await database.CreateAppRoleAsync();
        // The whole runtime works as the app's role: it appends to the journal and changes everything else it needs.
        await using var node = WorkflowNode.Start(database, _clock, mail.Path, settings: new Dictionary<string, string?> { ["ConnectionStrings:Portal"] = appConnection });
        var unit = await TestUnit.CreateAsync(database.DataSource);
        var started = await node.Runtime.StartAsync(SampleLeaveWorkflow.DefinitionName, unit.Id, $"HS-{Guid.NewGuid():N}",
            new() { ["applicantEmail"] = "a@example.vn" }, Actor.System("test"));
        var task = Assert.Single(await node.Queue.ForInstanceAsync(started.InstanceId));
        await node.Tasks.ClaimAsync(task.Id, unit.ActorA);
        await node.Tasks.DecideAsync(task.Id, "approve", "Đủ hồ sơ", unit.ActorA);
        Assert.Equal(3, (await node.Instances.JournalAsync(started.InstanceId)).Count);

        await using var app = NpgsqlDataSource.Create(appConnection);
        foreach (var sql in new[]
        {
            $"UPDATE workflow_journal SET action = 'nothing happened' WHERE instance_id = '{started.InstanceId}'",
            $"DELETE FROM workflow_journal WHERE instance_id = '{started.InstanceId}'",
            "TRUNCATE workflow_journal CASCADE",
            "ALTER TABLE workflow_journal DISABLE TRIGGER workflow_journal_no_update_or_delete",
            "ALTER TABLE workflow_journal DISABLE TRIGGER ALL",
            "DROP TRIGGER workflow_journal_no_update_or_delete ON workflow_journal",
            "CREATE OR REPLACE FUNCTION refuse_change_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END; $$",
        })
        {
            await using var command = app.CreateCommand(sql);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
            // Refused by the role's rights, before the trigger is even reached.
            Assert.DoesNotContain("append-only", refused.MessageText, StringComparison.Ordinal);
        }

        Assert.Equal(3, (await node.Instances.JournalAsync(started.InstanceId)).Count);
        Assert.True((await node.Verifier.VerifyAsync(started.InstanceId)).Intact);
    }

    [Fact]
    public async Task TheVerifierReportsTheExactEntryASuperuserAltered()
    {
        using var mail = new TempDirectory();
        await using var node = WorkflowNode.Start(database, _clock, mail.Path);
        var unit = await TestUnit.CreateAsync(database.DataSource);
        var started = await node.Runtime.StartAsync(SampleLeaveWorkflow.DefinitionName, unit.Id, $"HS-{Guid.NewGuid():N}",
            new() { ["applicantEmail"] = "a@example.vn" }, Actor.System("test"));
        var task = Assert.Single(await node.Queue.ForInstanceAsync(started.InstanceId));
        await node.Tasks.ClaimAsync(task.Id, unit.ActorA);
        await node.Tasks.DecideAsync(task.Id, "reject", "Thiếu hồ sơ", unit.ActorA);
        var journal = await node.Instances.JournalAsync(started.InstanceId);
        Assert.Equal(3, journal.Count);
        // The decision and its comment are in the journal itself, not only in the task row that is updated in place.
        var decision = System.Text.Json.Nodes.JsonNode.Parse(journal[2].Payload!)!;
        Assert.Equal("reject", decision["lastOutcome"]!.GetValue<string>());
        Assert.Equal("Thiếu hồ sơ", decision["lastComment"]!.GetValue<string>());
        Assert.True((await node.Verifier.VerifyAsync(started.InstanceId)).Intact);

        // The test connects as a superuser, who can switch the trigger off: exactly the case the hash chain is for.
        await using (var tamper = database.DataSource.CreateBatch())
        {
            tamper.BatchCommands.Add(new NpgsqlBatchCommand("ALTER TABLE workflow_journal DISABLE TRIGGER workflow_journal_no_update_or_delete"));
            tamper.BatchCommands.Add(new NpgsqlBatchCommand($"UPDATE workflow_journal SET actor_name = 'Lê Văn Khác' WHERE id = {journal[1].Id}"));
            tamper.BatchCommands.Add(new NpgsqlBatchCommand("ALTER TABLE workflow_journal ENABLE TRIGGER workflow_journal_no_update_or_delete"));
            await tamper.ExecuteNonQueryAsync();
        }

        var result = await node.Verifier.VerifyAsync(started.InstanceId);

        Assert.False(result.Intact);
        Assert.Equal(journal[1].Id, result.BrokenEntryId);
        Assert.Equal(2, result.BrokenSeq);
        Assert.Contains("content", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheVerifierReportsEntriesDeletedFromTheEndOfTheChain()
    {
        using var mail = new TempDirectory();
        await using var node = WorkflowNode.Start(database, _clock, mail.Path);
        var unit = await TestUnit.CreateAsync(database.DataSource);
        var started = await node.Runtime.StartAsync(SampleTimerWorkflow.DefinitionName, unit.Id, $"HS-{Guid.NewGuid():N}", null, Actor.System("test"));
        await node.Runtime.RaiseAsync(started.InstanceId, new WorkflowEvent("e1", "timeout"), Actor.System("test"));

        await using (var tamper = database.DataSource.CreateBatch())
        {
            tamper.BatchCommands.Add(new NpgsqlBatchCommand("ALTER TABLE workflow_journal DISABLE TRIGGER workflow_journal_no_update_or_delete"));
            tamper.BatchCommands.Add(new NpgsqlBatchCommand($"DELETE FROM workflow_journal WHERE instance_id = '{started.InstanceId}' AND seq = 2"));
            tamper.BatchCommands.Add(new NpgsqlBatchCommand("ALTER TABLE workflow_journal ENABLE TRIGGER workflow_journal_no_update_or_delete"));
            await tamper.ExecuteNonQueryAsync();
        }

        var result = await node.Verifier.VerifyAsync(started.InstanceId);
        Assert.False(result.Intact);
        Assert.Contains("removed", result.Reason, StringComparison.Ordinal);
    }
}
