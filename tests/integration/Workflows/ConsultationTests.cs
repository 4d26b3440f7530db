using System.Text.Json.Nodes;
using Npgsql;
using Services.Data.Workflows;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Samples;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Workflows;

/// <summary>
/// A wait step that collects many events until an absolute deadline from the state, without restarting its timer,
/// then a timer due in working days (<see cref="SampleConsultationWorkflow"/>).
/// </summary>
public sealed class ConsultationTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    [Fact]
    public async Task CommentsAreCollectedUntilTheClosingTimeWhichNeverMoves()
    {
        using var mail = new TempDirectory();
        var clock = new ManualClock(new DateTimeOffset(2026, 8, 3, 9, 0, 0, Vietnam));
        await using var node = WorkflowNode.Start(database, clock, mail.Path, [new SampleConsultationWorkflow()]);
        var closesAt = new DateTimeOffset(2026, 8, 14, 16, 30, 0, Vietnam);
        var started = await node.Runtime.StartAsync(SampleConsultationWorkflow.DefinitionName, Guid.NewGuid(), $"GY-{Guid.NewGuid():N}",
            new JsonObject { ["closesAt"] = "2026-08-14T16:30:00+07:00" }, Actor.System("test"));
        var deadline = Assert.Single(await PendingTimersAsync(started.InstanceId));
        Assert.Equal(closesAt, deadline.DueAt);

        for (var i = 1; i <= 3; i++)
        {
            clock.Advance(TimeSpan.FromDays(2));
            var comment = await node.Runtime.RaiseAsync(started.InstanceId,
                new WorkflowEvent($"comment-{i}", "comment", new JsonObject { ["text"] = $"Góp ý số {i}" }), Actor.System("citizen"));
            Assert.Equal((TransitionOutcome.Applied, "collecting"), (comment.Outcome, comment.StepAfter));
        }

        // The same comment delivered again is not collected twice; the deadline timer is the one made at the start.
        Assert.Equal(TransitionOutcome.Duplicate, (await node.Runtime.RaiseAsync(started.InstanceId,
            new WorkflowEvent("comment-2", "comment", new JsonObject { ["text"] = "Góp ý số 2" }), Actor.System("citizen"))).Outcome);
        Assert.Equal(deadline, Assert.Single(await PendingTimersAsync(started.InstanceId)));
        var comments = (await node.Instances.GetAsync(started.InstanceId))!.State["comments"]!.AsArray();
        Assert.Equal(["Góp ý số 1", "Góp ý số 2", "Góp ý số 3"], comments.Select(c => c!["text"]!.GetValue<string>()));

        clock.Advance(closesAt - TimeSpan.FromMinutes(1) - clock.GetUtcNow());
        await node.FireDueTimersAsync();
        Assert.Equal("collecting", (await node.Instances.GetAsync(started.InstanceId))!.Summary.CurrentStep);
        clock.Advance(closesAt - clock.GetUtcNow());
        await node.FireDueTimersAsync();
        Assert.Equal("summarising", (await node.Instances.GetAsync(started.InstanceId))!.Summary.CurrentStep);

        var late = await node.Runtime.RaiseAsync(started.InstanceId, new WorkflowEvent("comment-late", "comment", new JsonObject { ["text"] = "muộn" }),
            Actor.System("citizen"));
        Assert.Equal(TransitionOutcome.NotApplicable, late.Outcome);
        Assert.Equal(3, (await node.Instances.GetAsync(started.InstanceId))!.State["comments"]!.AsArray().Count);
    }

    [Fact]
    public async Task TheSummaryTimerCountsWorkingDaysOverAHolidayFromTheCalendar()
    {
        using var mail = new TempDirectory();
        // Closing on Friday 28 August 2026: Tuesday 1 and Wednesday 2 September are days off in the seeded calendar
        // (National Day), so two working days later is Thursday 3 September, not Tuesday 1 September.
        var clock = new ManualClock(new DateTimeOffset(2026, 8, 20, 9, 0, 0, Vietnam));
        await using var node = WorkflowNode.Start(database, clock, mail.Path, [new SampleConsultationWorkflow()]);
        var calendar = await node.Holidays.GetAsync(CancellationToken.None);
        var started = await node.Runtime.StartAsync(SampleConsultationWorkflow.DefinitionName, Guid.NewGuid(), $"GY-{Guid.NewGuid():N}",
            new JsonObject { ["closesAt"] = "2026-08-28" }, Actor.System("test"));
        clock.Advance(new DateTimeOffset(2026, 8, 28, 17, 0, 0, Vietnam) - clock.GetUtcNow());
        await node.FireDueTimersAsync();

        var summaryDue = Assert.Single(await PendingTimersAsync(started.InstanceId));
        Assert.Equal("summarising", summaryDue.Step);
        Assert.Equal(calendar.DueAt(clock.GetUtcNow(), 2), summaryDue.DueAt);
        Assert.Equal(new DateTimeOffset(2026, 9, 3, 17, 0, 0, Vietnam), summaryDue.DueAt);
        clock.Advance(summaryDue.DueAt - clock.GetUtcNow());
        await node.FireDueTimersAsync();
        Assert.Equal(("summary-due", WorkflowStatus.Running), ((await node.Instances.GetAsync(started.InstanceId))!.Summary.CurrentStep,
            (await node.Instances.GetAsync(started.InstanceId))!.Summary.Status));
    }

    private async Task<IReadOnlyList<(Guid Id, string Step, DateTimeOffset DueAt)>> PendingTimersAsync(Guid instanceId)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT id, step, due_at FROM workflow_timers WHERE instance_id = $1 AND status = 'Pending' ORDER BY due_at");
        command.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        await using var reader = await command.ExecuteReaderAsync();
        var timers = new List<(Guid, string, DateTimeOffset)>();
        while (await reader.ReadAsync())
        {
            timers.Add((reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }

        return timers;
    }
}
