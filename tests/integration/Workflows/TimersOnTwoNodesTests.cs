using Services.Data.Workflows;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Samples;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Workflows;

/// <summary>R3 for timers: two processes polling one database never fire a timer twice.</summary>
public sealed class TimersOnTwoNodesTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task TwoTimerWorkersOnOneDatabaseFireEveryTimerExactlyOnce()
    {
        using var mail = new TempDirectory();
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(7)));
        var small = new Dictionary<string, string?> { ["Workflows:TimerBatchSize"] = "7", ["Workflows:TimerParallelism"] = "3" };
        await using var nodeA = WorkflowNode.Start(database, clock, mail.Path, settings: small);
        await using var nodeB = WorkflowNode.Start(database, clock, mail.Path, settings: small);
        var unit = await TestUnit.CreateAsync(database.DataSource);
        var ids = new List<Guid>();
        for (var i = 0; i < 150; i++)
        {
            var node = i % 2 == 0 ? nodeA : nodeB;
            ids.Add((await node.Runtime.StartAsync(SampleTimerWorkflow.DefinitionName, unit.Id, $"HS-{Guid.NewGuid():N}", null, Actor.System("test"))).InstanceId);
        }

        clock.Advance(TimeSpan.FromHours(2));
        var firedByNode = await Task.WhenAll(Task.Run(nodeA.FireDueTimersAsync), Task.Run(nodeB.FireDueTimersAsync));

        Assert.Equal(150, firedByNode.Sum());
        foreach (var id in ids)
        {
            var instance = await nodeA.Instances.GetAsync(id);
            Assert.Equal(WorkflowStatus.Completed, instance!.Summary.Status);
            Assert.Equal(2, (await nodeA.Instances.JournalAsync(id)).Count);
        }

        await using var pending = database.DataSource.CreateCommand("SELECT count(*) FILTER (WHERE status = 'Fired'), count(*) FROM workflow_timers");
        await using var reader = await pending.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal((150L, 150L), (reader.GetInt64(0), reader.GetInt64(1)));
    }
}
