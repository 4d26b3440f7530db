using System.Text.Json.Nodes;
using Npgsql;
using Services.Data.Workflows;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Samples;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Workflows;

/// <summary>
/// Child workflows (<see cref="SampleChildTransferWorkflow"/> starting <see cref="SampleSchoolAdmissionWorkflow"/> in
/// the receiving school): the child lives in its own unit with its own task, its outcome moves the parent, and a
/// parent that stops waiting takes its child down with it.
/// </summary>
public sealed class ChildWorkflowTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task TheReceivingSchoolDecidesInAChildOfItsOwnAndItsOutcomeMovesTheParent()
    {
        var (node, _, sending, receiving, mail) = await StartAsync(new DateTimeOffset(2026, 7, 6, 9, 0, 0, TimeSpan.FromHours(7)));
        await using var _n = node;
        using var _m = mail;
        var parent = await StartTransferAsync(node, sending, receiving);

        await node.FireDueTimersAsync();

        var child = Assert.Single(await node.Instances.ChildrenAsync(parent.InstanceId));
        Assert.Equal((SampleSchoolAdmissionWorkflow.DefinitionName, receiving.Id, WorkflowStatus.Running), (child.DefinitionName, child.UnitId, child.Status));
        Assert.StartsWith($"{parent.Correlation}/", child.Correlation, StringComparison.Ordinal);
        Assert.Equal("Nguyễn Minh Khôi", (await node.Instances.GetAsync(child.Id))!.State["pupil"]!.GetValue<string>());
        var task = Assert.Single(await node.Queue.ForInstanceAsync(child.Id));
        Assert.Equal(receiving.Id, task.UnitId);
        // The sending school's staff cannot decide for the receiving school.
        var notTheirs = await Assert.ThrowsAsync<TaskActionRefusedException>(() => node.Tasks.DecideAsync(task.Id, "accept", null, sending.ActorA));
        Assert.Equal(TaskRefusal.NotYourTask, notTheirs.Reason);

        await node.Tasks.DecideAsync(task.Id, "accept", "còn chỗ ở lớp 3", receiving.ActorA);
        Assert.Equal("receiving", (await node.Instances.GetAsync(parent.InstanceId))!.Summary.CurrentStep);
        await node.FireDueTimersAsync();

        var done = (await node.Instances.GetAsync(parent.InstanceId))!.Summary;
        Assert.Equal(("transferred", WorkflowStatus.Completed), (done.CurrentStep, done.Status));
        var journal = await node.Instances.JournalAsync(parent.InstanceId);
        Assert.Contains(journal, e => e.Action.Contains($"started as {child.Correlation}", StringComparison.Ordinal));
        Assert.Contains(journal, e => e.EventId == $"child:{child.Id}" && e.StepAfter == "transferred");
        Assert.True((await node.Verifier.VerifyAsync(parent.InstanceId)).Intact);
        Assert.True((await node.Verifier.VerifyAsync(child.Id)).Intact);
        // Firing again delivers nothing twice.
        Assert.Equal(0, await node.FireDueTimersAsync());
    }

    [Fact]
    public async Task WhenTheParentStopsWaitingTheChildAndItsTaskAreCancelled()
    {
        var (node, clock, sending, receiving, mail) = await StartAsync(new DateTimeOffset(2026, 7, 7, 9, 0, 0, TimeSpan.FromHours(7)));
        await using var _n = node;
        using var _m = mail;
        var parent = await StartTransferAsync(node, sending, receiving);
        await node.FireDueTimersAsync();
        var child = Assert.Single(await node.Instances.ChildrenAsync(parent.InstanceId));
        var task = Assert.Single(await node.Queue.ForInstanceAsync(child.Id));

        clock.Advance(TimeSpan.FromDays(5));
        await node.FireDueTimersAsync();

        Assert.Equal("expired", (await node.Instances.GetAsync(parent.InstanceId))!.Summary.CurrentStep);
        Assert.Equal(WorkflowStatus.Cancelled, (await node.Instances.GetAsync(child.Id))!.Summary.Status);
        var late = await Assert.ThrowsAsync<TaskActionRefusedException>(() => node.Tasks.DecideAsync(task.Id, "accept", null, receiving.ActorA));
        Assert.Equal(TaskRefusal.Cancelled, late.Reason);
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM workflow_timers WHERE instance_id = ANY($1) AND status = 'Pending'",
            new[] { parent.InstanceId, child.Id }));
    }

    [Fact]
    public async Task AChildCancelledBySomeoneTellsItsParent()
    {
        var (node, _, sending, receiving, mail) = await StartAsync(new DateTimeOffset(2026, 7, 8, 9, 0, 0, TimeSpan.FromHours(7)));
        await using var _n = node;
        using var _m = mail;
        var parent = await StartTransferAsync(node, sending, receiving);
        await node.FireDueTimersAsync();
        var child = Assert.Single(await node.Instances.ChildrenAsync(parent.InstanceId));

        await node.Runtime.CancelAsync(child.Id, "hồ sơ nộp nhầm trường", receiving.ActorA);
        await node.FireDueTimersAsync();

        var after = (await node.Instances.GetAsync(parent.InstanceId))!.Summary;
        Assert.Equal(("refused", WorkflowStatus.Cancelled), (after.CurrentStep, after.Status));
    }

    [Fact]
    public async Task AnOutcomeThatArrivesAfterTheParentLetGoIsNotHeardEvenWhenTheParentWaitsInTheSameStepAgain()
    {
        var (node, clock, sending, receiving, mail) = await StartAsync(new DateTimeOffset(2026, 7, 9, 9, 0, 0, TimeSpan.FromHours(7)));
        await using var _n = node;
        using var _m = mail;
        var parent = await StartTransferAsync(node, sending, receiving);
        await node.FireDueTimersAsync();
        var first = Assert.Single(await node.Instances.ChildrenAsync(parent.InstanceId));
        var task = Assert.Single(await node.Queue.ForInstanceAsync(first.Id));

        // The first school accepts, but before its outcome is delivered the parent turns to another school and comes
        // back to the same step: the first school's "accepted" must not decide the second request.
        await node.Tasks.DecideAsync(task.Id, "accept", null, receiving.ActorA);
        await node.Runtime.RaiseAsync(parent.InstanceId, new WorkflowEvent("another-1", "choose-another"), Actor.System("test"));
        clock.Advance(TimeSpan.FromMinutes(10));
        await node.Runtime.RaiseAsync(parent.InstanceId, new WorkflowEvent("chosen-1", "chosen"), Actor.System("test"));
        await node.FireDueTimersAsync();

        Assert.Equal(("receiving", WorkflowStatus.Running), ((await node.Instances.GetAsync(parent.InstanceId))!.Summary.CurrentStep,
            (await node.Instances.GetAsync(parent.InstanceId))!.Summary.Status));
        Assert.DoesNotContain(await node.Instances.JournalAsync(parent.InstanceId), e => e.EventId == $"child:{first.Id}");
        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM workflow_timers WHERE instance_id = $1 AND kind = 'NotifyParent' AND status = 'Fired'", first.Id));
        var children = await node.Instances.ChildrenAsync(parent.InstanceId);
        Assert.Equal([WorkflowStatus.Completed, WorkflowStatus.Running], children.Select(c => c.Status));
        Assert.NotEqual(children[0].Correlation, children[1].Correlation);
    }

    private static async Task<(Guid InstanceId, string Correlation)> StartTransferAsync(WorkflowNode node, TestUnit sending, TestUnit receiving)
    {
        var correlation = $"CT-{Guid.NewGuid():N}"[..20];
        var started = await node.Runtime.StartAsync(SampleChildTransferWorkflow.DefinitionName, sending.Id, correlation,
            new JsonObject { ["receivingSchoolId"] = receiving.Id.ToString(), ["pupil"] = "Nguyễn Minh Khôi" }, Actor.System("test"));
        return (started.InstanceId, correlation);
    }

    private async Task<(WorkflowNode Node, ManualClock Clock, TestUnit Sending, TestUnit Receiving, TempDirectory Mail)> StartAsync(DateTimeOffset now)
    {
        var mail = new TempDirectory();
        var clock = new ManualClock(now);
        var node = WorkflowNode.Start(database, clock, mail.Path, [new SampleChildTransferWorkflow(), new SampleSchoolAdmissionWorkflow()]);
        return (node, clock, await TestUnit.CreateAsync(database.DataSource), await TestUnit.CreateAsync(database.DataSource), mail);
    }

    private async Task<long> CountAsync(string sql, params object[] values)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return (long)(await command.ExecuteScalarAsync())!;
    }
}
