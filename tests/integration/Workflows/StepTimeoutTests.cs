using System.Text.Json.Nodes;
using Npgsql;
using Services.Data.Workflows;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Samples;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Workflows;

/// <summary>Human and wait steps with a timeout of their own (<see cref="StepTransitions.AfterTimeout"/>).</summary>
public sealed class StepTimeoutTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly JsonObject Family = new() { ["parentEmail"] = "phuhuynh@example.vn" };

    [Fact]
    public async Task AFamilyThatDoesNotConfirmInTimeLosesTheSeatAndIsTold()
    {
        using var mail = new TempDirectory();
        var clock = new ManualClock(new DateTimeOffset(2026, 7, 1, 9, 0, 0, TimeSpan.FromHours(7)));
        await using var node = WorkflowNode.Start(database, clock, mail.Path, [new SampleSeatWorkflow()]);
        var unit = await TestUnit.CreateAsync(database.DataSource);
        var started = await node.Runtime.StartAsync(SampleSeatWorkflow.DefinitionName, unit.Id, $"TS-{Guid.NewGuid():N}", Family.DeepClone().AsObject(),
            Actor.System("test"));
        var task = Assert.Single(await node.Queue.ForInstanceAsync(started.InstanceId));
        await node.Tasks.DecideAsync(task.Id, "accept", null, unit.ActorA);

        clock.Advance(TimeSpan.FromDays(2) - TimeSpan.FromMinutes(1));
        await node.FireDueTimersAsync();
        Assert.Equal("awaiting-confirmation", (await node.Instances.GetAsync(started.InstanceId))!.Summary.CurrentStep);
        clock.Advance(TimeSpan.FromMinutes(1));
        await node.FireDueTimersAsync();

        var released = (await node.Instances.GetAsync(started.InstanceId))!.Summary;
        Assert.Equal(("released", WorkflowStatus.Cancelled), (released.CurrentStep, released.Status));
        // The school step's own timeout was cancelled when the school decided: it never moved the dossier.
        Assert.DoesNotContain(await node.Instances.JournalAsync(started.InstanceId), e => e.StepAfter == "district-check");
        await node.DispatchOutboxAsync();
        Assert.Single(mail.Files);
        Assert.Equal(0L, await PendingTimersAsync(started.InstanceId));
    }

    [Fact]
    public async Task AConfirmationInTimeCancelsTheTimeout()
    {
        using var mail = new TempDirectory();
        var clock = new ManualClock(new DateTimeOffset(2026, 7, 2, 9, 0, 0, TimeSpan.FromHours(7)));
        await using var node = WorkflowNode.Start(database, clock, mail.Path, [new SampleSeatWorkflow()]);
        var unit = await TestUnit.CreateAsync(database.DataSource);
        var started = await node.Runtime.StartAsync(SampleSeatWorkflow.DefinitionName, unit.Id, $"TS-{Guid.NewGuid():N}", Family.DeepClone().AsObject(),
            Actor.System("test"));
        await node.Tasks.DecideAsync(Assert.Single(await node.Queue.ForInstanceAsync(started.InstanceId)).Id, "accept", null, unit.ActorA);
        clock.Advance(TimeSpan.FromDays(1));

        Assert.Equal(TransitionOutcome.Applied, (await node.Runtime.RaiseAsync(started.InstanceId, new WorkflowEvent("confirm-1", "confirmed"), Actor.System("parent"))).Outcome);
        clock.Advance(TimeSpan.FromDays(30));
        await node.FireDueTimersAsync();

        Assert.Equal(("seated", WorkflowStatus.Completed), ((await node.Instances.GetAsync(started.InstanceId))!.Summary.CurrentStep,
            (await node.Instances.GetAsync(started.InstanceId))!.Summary.Status));
        Assert.Equal(0L, await PendingTimersAsync(started.InstanceId));
    }

    [Fact]
    public async Task AHumanStepNobodyActsOnMovesToItsTimeoutStepAndItsTaskIsCancelled()
    {
        using var mail = new TempDirectory();
        var clock = new ManualClock(new DateTimeOffset(2026, 7, 6, 9, 0, 0, TimeSpan.FromHours(7)));
        await using var node = WorkflowNode.Start(database, clock, mail.Path, [new SampleSeatWorkflow()]);
        var unit = await TestUnit.CreateAsync(database.DataSource);
        var started = await node.Runtime.StartAsync(SampleSeatWorkflow.DefinitionName, unit.Id, $"TS-{Guid.NewGuid():N}", Family.DeepClone().AsObject(),
            Actor.System("test"));
        var schoolTask = Assert.Single(await node.Queue.ForInstanceAsync(started.InstanceId));

        clock.Advance(TimeSpan.FromDays(5));
        await node.FireDueTimersAsync();

        Assert.Equal("district-check", (await node.Instances.GetAsync(started.InstanceId))!.Summary.CurrentStep);
        var late = await Assert.ThrowsAsync<TaskActionRefusedException>(() => node.Tasks.DecideAsync(schoolTask.Id, "accept", null, unit.ActorA));
        Assert.Equal(TaskRefusal.Cancelled, late.Reason);
    }

    [Fact]
    public void OnlyHumanAndWaitStepsTakeATimeout()
    {
        var builder = new WorkflowBuilder();
        Assert.Throws<InvalidOperationException>(() =>
            builder.Timer("t", "t", TimeSpan.FromHours(1), s => s.On("timeout", "t").AfterTimeout(TimeSpan.FromHours(2), "t")));
    }

    private async Task<long> PendingTimersAsync(Guid instanceId)
    {
        await using var command = database.DataSource.CreateCommand("SELECT count(*) FROM workflow_timers WHERE instance_id = $1 AND status = 'Pending'");
        command.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
