using Npgsql;
using Services.Data.Workflows;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Samples;
using Services.Workflows.GenericForms;
using Services.Workflows.Runtime;
using Xunit.Abstractions;

namespace Services.Tests.Integration.Workflows;

/// <summary>
/// One event raised on every instance waiting in a step (<see cref="BatchRaises"/>): 10,000 instances, in slices whose
/// progress is saved, resumed after the process working it is killed with <c>kill -9</c>.
/// </summary>
public sealed class BatchRaiseTests(TestDatabase database, ITestOutputHelper output) : IClassFixture<TestDatabase>
{
    private const int Instances = 10_000;

    [Fact]
    public async Task TenThousandWaitingInstancesAreEachRaisedOnceAndOthersAreLeftAlone()
    {
        using var mail = new TempDirectory();
        var clock = new ManualClock(new DateTimeOffset(2026, 7, 20, 9, 0, 0, TimeSpan.FromHours(7)));
        await using var node = WorkflowNode.Start(database, clock, mail.Path, [new SampleSeatWorkflow()]);
        var tag = Guid.NewGuid().ToString("N")[..8];
        await InsertWaitingAsync(SampleSeatWorkflow.DefinitionName, "awaiting-confirmation", $"{tag}-w", Instances);
        await InsertWaitingAsync(SampleSeatWorkflow.DefinitionName, "school-check", $"{tag}-s", 5);
        var batches = node.Services.GetService(typeof(BatchRaises)) as BatchRaises ?? throw new InvalidOperationException("BatchRaises is not registered.");

        var id = await batches.CreateAsync(SampleSeatWorkflow.DefinitionName, "awaiting-confirmation", "confirmed", Actor.System("test"));
        var created = (await batches.ProgressAsync(id))!;
        Assert.Equal((Instances, 0, BatchRaiseStatus.Running), (created.Total, created.Raised, created.Status));
        var done = (await batches.WorkAsync(id, CancellationToken.None))!;

        Assert.Equal((Instances, Instances, 0, BatchRaiseStatus.Finished), (done.Total, done.Raised, done.Skipped, done.Status));
        Assert.Equal(Instances, await CountAsync($"SELECT count(*) FROM workflow_instances WHERE correlation LIKE '{tag}-w-%' AND current_step = 'seated' AND status = 'Completed'"));
        Assert.Equal(5, await CountAsync($"SELECT count(*) FROM workflow_instances WHERE correlation LIKE '{tag}-s-%' AND current_step = 'school-check'"));
        Assert.Equal(Instances, await CountAsync($"SELECT count(*) FROM workflow_journal WHERE event_id = 'batch:{id}'"));
        // Nothing left to work: a second pass claims nothing.
        Assert.Null(await batches.WorkAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task ABatchWhoseProcessIsKilledIsFinishedByTheNextOneAndRaisesNoInstanceTwice()
    {
        using var mail = new TempDirectory();
        using var data = new TempDirectory();
        var clock = new ManualClock(new DateTimeOffset(2026, 7, 21, 9, 0, 0, TimeSpan.FromHours(7)));
        var tag = Guid.NewGuid().ToString("N")[..8];
        await InsertWaitingAsync(GenericFormWorkflow.WorkflowName, GenericFormWorkflow.Steps.AwaitingSupplement, tag, Instances);
        Guid id;
        // The portal registers GenericFormWorkflow itself, so the node needs no sample definitions.
        await using (var node = WorkflowNode.Start(database, clock, mail.Path, []))
        {
            var batches = (BatchRaises)node.Services.GetService(typeof(BatchRaises))!;
            id = await batches.CreateAsync(GenericFormWorkflow.WorkflowName, GenericFormWorkflow.Steps.AwaitingSupplement, GenericFormWorkflow.Events.Withdraw,
                Actor.System("test"));
        }

        var settings = new Dictionary<string, string?>
        {
            ["Mail:PickupDirectory"] = mail.Path,
            ["Workflows:LeaseDuration"] = "00:00:02",
            ["Workflows:BatchRaiseSize"] = "100",
            ["Workflows:TimerParallelism"] = "2",
            ["Workflows:PollInterval"] = "00:00:00.050",
        };
        await using (var first = await AppProcess.StartAsync(database.ConnectionString, data.Path, settings))
        {
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (await CountAsync($"SELECT raised FROM workflow_batch_raises WHERE id = '{id}'") < Instances / 5)
            {
                Assert.True(DateTime.UtcNow < deadline, $"The app raised too little within 2 minutes:\n{first.LogTail()}");
                await Task.Delay(20);
            }

            await first.KillAsync();
        }

        var savedAtKill = await CountAsync($"SELECT raised FROM workflow_batch_raises WHERE id = '{id}'");
        var movedAtKill = await CountAsync($"SELECT count(*) FROM workflow_journal WHERE event_id = 'batch:{id}'");
        output.WriteLine($"At the kill: {savedAtKill} raised as saved, {movedAtKill} instances moved, of {Instances}.");
        Assert.True(movedAtKill < Instances, "The batch was done before the kill: the test proved nothing.");

        await using (var second = await AppProcess.StartAsync(database.ConnectionString, data.Path, settings))
        {
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (await CountAsync($"SELECT count(*) FROM workflow_batch_raises WHERE id = '{id}' AND status = 'Finished'") == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, $"The restarted app did not finish the batch within 3 minutes:\n{second.LogTail()}");
                await Task.Delay(200);
            }
        }

        Assert.Equal(Instances, await CountAsync($"SELECT raised FROM workflow_batch_raises WHERE id = '{id}'"));
        Assert.Equal(0, await CountAsync($"SELECT skipped FROM workflow_batch_raises WHERE id = '{id}'"));
        Assert.Equal(Instances, await CountAsync($"SELECT count(*) FROM workflow_journal WHERE event_id = 'batch:{id}'"));
        Assert.Equal(Instances, await CountAsync($"SELECT count(DISTINCT instance_id) FROM workflow_journal WHERE event_id = 'batch:{id}'"));
        Assert.Equal(Instances, await CountAsync(
            $"SELECT count(*) FROM workflow_instances WHERE correlation LIKE '{tag}-%' AND current_step = 'withdrawn' AND status = 'Cancelled'"));
    }

    /// <summary>Instances already waiting in <paramref name="step"/>, written in one statement as a long-running service would have them.</summary>
    private async Task InsertWaitingAsync(string definition, string step, string prefix, int count)
    {
        await using var command = database.DataSource.CreateCommand(
            "INSERT INTO workflow_instances (id, definition_name, definition_version, status, current_step, unit_id, correlation, state, row_version, journal_seq, " +
            "last_journal_hash, created_at, updated_at) SELECT gen_random_uuid(), $1, 1, 'Running', $2, gen_random_uuid(), $3 || '-' || i, '{}', 1, 0, $5, now(), now() " +
            "FROM generate_series(1, $4) i");
        foreach (var value in new object[] { definition, step, prefix, count, JournalChain.Genesis })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
