using Services.Data.Workflows;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Samples;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Workflows;

/// <summary>R2: a worker that dies after claiming leaves leases that another worker takes over once they expire.</summary>
public sealed class ExpiredLeasesTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(2);
    private static readonly Dictionary<string, string?> ShortLeases = new() { ["Workflows:LeaseDuration"] = LeaseDuration.ToString() };

    [Fact]
    public async Task TimersLeasedByACancelledWorkerAreFiredByAnotherAfterTheLeaseExpires()
    {
        using var mail = new TempDirectory();
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(7)));
        await using var dying = WorkflowNode.Start(database, clock, mail.Path, settings: ShortLeases);
        await using var survivor = WorkflowNode.Start(database, clock, mail.Path, settings: ShortLeases);
        var unit = await TestUnit.CreateAsync(database.DataSource);
        var ids = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add((await dying.Runtime.StartAsync(SampleTimerWorkflow.DefinitionName, unit.Id, $"HS-{Guid.NewGuid():N}", null, Actor.System("test"))).InstanceId);
        }

        clock.Advance(TimeSpan.FromHours(2));
        var claimed = await dying.Timers.ClaimAsync(100, CancellationToken.None);
        Assert.Equal(20, claimed.Count);
        // Killed mid-work: its cancellation token fires while it holds the leases, and nothing cleans up.
        using (var killed = new CancellationTokenSource())
        {
            await killed.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dying.Timers.FireAsync(claimed[0], killed.Token));
        }

        Assert.Equal(0, await survivor.FireDueTimersAsync());
        // Leases run on the database's clock, not the app's: moving the app's clock does not expire them.
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, await survivor.FireDueTimersAsync());
        await Task.Delay(LeaseDuration + TimeSpan.FromMilliseconds(500));
        Assert.Equal(20, await survivor.FireDueTimersAsync());

        foreach (var id in ids)
        {
            Assert.Equal(WorkflowStatus.Completed, (await survivor.Instances.GetAsync(id))!.Summary.Status);
        }

        // The dead worker coming back finds its timers already fired and does nothing.
        Assert.False(await dying.Timers.FireAsync(claimed[1], CancellationToken.None));
        Assert.Equal(2, (await survivor.Instances.JournalAsync(claimed[1].InstanceId)).Count);
    }

    [Fact]
    public async Task MessagesLeasedByADeadDispatcherAreSentByAnotherAfterTheLeaseExpires()
    {
        using var mail = new TempDirectory();
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(7)));
        await using var dying = WorkflowNode.Start(database, clock, mail.Path, settings: ShortLeases);
        await using var survivor = WorkflowNode.Start(database, clock, mail.Path, settings: ShortLeases);
        var ids = await OutboxOnTwoNodesTests.QueueEmailsAsync(database, clock, 5);

        var claimed = await dying.Outbox.ClaimAsync(100, CancellationToken.None);
        Assert.Equal(5, claimed.Count);
        Assert.Equal(0, await survivor.DispatchOutboxAsync());
        await Task.Delay(LeaseDuration + TimeSpan.FromMilliseconds(500));
        Assert.Equal(5, await survivor.DispatchOutboxAsync());

        var sent = OutboxOnTwoNodesTests.MessageIds(mail);
        Assert.Equal(ids.Order(), sent.Order());
    }
}
