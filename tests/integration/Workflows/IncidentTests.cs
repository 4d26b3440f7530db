using Services.Data.Workflows;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Samples;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Workflows;

public sealed class IncidentTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task AFailingAutomatedStepIsRetriedWithBackoffThenParkedAndAnOperatorRetryCompletesIt()
    {
        using var mail = new TempDirectory();
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(7)));
        await using var node = WorkflowNode.Start(database, clock, mail.Path);
        var unit = await TestUnit.CreateAsync(database.DataSource);
        node.Flaky.FailuresLeft = 100;
        var started = await node.Runtime.StartAsync(SampleFlakyWorkflow.DefinitionName, unit.Id, $"HS-{Guid.NewGuid():N}", null, Actor.System("test"));

        Assert.Equal(1, await node.FireDueTimersAsync()); // attempt 1 fails, retry in 10 s
        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, await node.FireDueTimersAsync());
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await node.FireDueTimersAsync()); // attempt 2 fails, retry in 20 s
        clock.Advance(TimeSpan.FromSeconds(19));
        Assert.Equal(0, await node.FireDueTimersAsync());
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await node.FireDueTimersAsync()); // attempt 3 fails: parked

        Assert.Equal(3, node.Flaky.Calls);
        Assert.Equal(WorkflowStatus.Incident, (await node.Instances.GetAsync(started.InstanceId))!.Summary.Status);
        var incident = Assert.Single(await node.Incidents.ListOpenAsync(), i => i.InstanceId == started.InstanceId);
        Assert.Equal((3, "call-registry"), (incident.Attempts, incident.Step));
        Assert.Contains("the registry is down", incident.Error, StringComparison.Ordinal);
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await node.FireDueTimersAsync());

        node.Flaky.FailuresLeft = 0;
        await node.Incidents.RetryAsync(incident.Id, new Actor(Guid.NewGuid(), Services.Data.Identity.PortalRole.SystemAdmin, null, "10.0.0.9", "Quản trị viên"));
        Assert.Equal(1, await node.FireDueTimersAsync());

        var done = await node.Instances.GetAsync(started.InstanceId);
        Assert.Equal(WorkflowStatus.Completed, done!.Summary.Status);
        Assert.True(done.State["called"]?.GetValue<bool>());
        Assert.DoesNotContain(await node.Incidents.ListOpenAsync(), i => i.InstanceId == started.InstanceId);
        var journal = await node.Instances.JournalAsync(started.InstanceId);
        Assert.Contains(journal, e => e.Action.Contains("parked as an incident", StringComparison.Ordinal));
        Assert.Contains(journal, e => e.Action.Contains("retried by an operator", StringComparison.Ordinal) && e.ActorName == "Quản trị viên");
        Assert.True((await node.Verifier.VerifyAsync(started.InstanceId)).Intact);
    }

    [Fact]
    public async Task AnOperatorCanCancelAParkedInstance()
    {
        using var mail = new TempDirectory();
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(7)));
        await using var node = WorkflowNode.Start(database, clock, mail.Path, settings: new Dictionary<string, string?> { ["Workflows:TimerMaxAttempts"] = "1" });
        var unit = await TestUnit.CreateAsync(database.DataSource);
        node.Flaky.FailuresLeft = 100;
        var started = await node.Runtime.StartAsync(SampleFlakyWorkflow.DefinitionName, unit.Id, $"HS-{Guid.NewGuid():N}", null, Actor.System("test"));
        await node.FireDueTimersAsync();
        var incident = Assert.Single(await node.Incidents.ListOpenAsync(), i => i.InstanceId == started.InstanceId);

        await node.Incidents.CancelAsync(incident.Id, Actor.System("operator"));

        Assert.Equal(WorkflowStatus.Cancelled, (await node.Instances.GetAsync(started.InstanceId))!.Summary.Status);
        await Assert.ThrowsAsync<IncidentActionRefusedException>(() => node.Incidents.RetryAsync(incident.Id, Actor.System("operator")));
    }
}
