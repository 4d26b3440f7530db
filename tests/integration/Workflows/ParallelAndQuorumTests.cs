using System.Text.Json.Nodes;
using Npgsql;
using Services.Data.Identity;
using Services.Data.Workflows;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Samples;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Workflows;

/// <summary>
/// Parallel branches with a join (<see cref="SampleParallelApprovalWorkflow"/>: a school and its district office, each
/// with its own task, unit and timers) and a two-grader quorum with a rule for divergence (<see cref="SampleRegradeWorkflow"/>).
/// </summary>
public sealed class ParallelAndQuorumTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task BothUnitsApproveEachInItsOwnQueueAndTheJoinCompletesTheTransfer()
    {
        var (node, _, school, district, mail) = await StartAsync(new DateTimeOffset(2026, 7, 6, 9, 0, 0, TimeSpan.FromHours(7)));
        await using var _n = node;
        using var _m = mail;
        var started = await node.Runtime.StartAsync(SampleParallelApprovalWorkflow.DefinitionName, school.Id, $"PA-{Guid.NewGuid():N}", null, Actor.System("test"));

        var tasks = await node.Queue.ForInstanceAsync(started.InstanceId);
        Assert.Equal(2, tasks.Count);
        var schoolTask = Assert.Single(tasks, t => t.Step == "school-approval");
        var districtTask = Assert.Single(tasks, t => t.Step == "district-approval");
        Assert.Equal((school.Id, district.Id), (schoolTask.UnitId, districtTask.UnitId));
        Assert.Equal(2L, await CountAsync("SELECT count(*) FROM workflow_branches WHERE instance_id = $1 AND status = 'Active'", started.InstanceId));
        // The district office's staff are told in-app that a step of the school's dossier is theirs.
        Assert.Equal(2L, await CountAsync("SELECT count(*) FROM outbox_messages WHERE instance_id = $1 AND channel = 'InApp' AND recipient = ANY($2)",
            started.InstanceId, new[] { district.StaffA.ToString(), district.StaffB.ToString() }));

        await node.Tasks.DecideAsync(schoolTask.Id, "approve", "đồng ý", school.ActorA);
        var halfway = (await node.Instances.GetAsync(started.InstanceId))!;
        Assert.Equal(("approval", WorkflowStatus.Running), (halfway.Summary.CurrentStep, halfway.Summary.Status));
        Assert.Equal("approve", halfway.State["approval"]!["school-approval"]!["outcome"]!.GetValue<string>());
        // The school's branch is over: its timeout and escalation are cancelled; the district's timers keep running.
        Assert.Equal(0L, await PendingTimersAsync(started.InstanceId, "school-approval"));
        Assert.True(await PendingTimersAsync(started.InstanceId, "district-approval") > 0);

        // The district office's staff act on the district's task: the school's staff cannot.
        var notTheirs = await Assert.ThrowsAsync<TaskActionRefusedException>(() => node.Tasks.DecideAsync(districtTask.Id, "approve", null, school.ActorB));
        Assert.Equal(TaskRefusal.NotYourTask, notTheirs.Reason);
        var done = await node.Tasks.DecideAsync(districtTask.Id, "approve", null, district.ActorA);

        Assert.Equal(("approved", WorkflowStatus.Completed), (done.Transition!.StepAfter, done.Transition.Status));
        Assert.Equal(0L, await PendingTimersAsync(started.InstanceId, null));
        Assert.Equal(2L, await CountAsync("SELECT count(*) FROM workflow_branches WHERE instance_id = $1 AND status = 'Ended'", started.InstanceId));
        Assert.Equal(2L, await CountAsync("SELECT count(*) FROM outbox_messages WHERE instance_id = $1 AND channel = 'InApp' AND recipient = ANY($2)",
            started.InstanceId, new[] { school.StaffA.ToString(), school.StaffB.ToString() }));
        Assert.True((await node.Verifier.VerifyAsync(started.InstanceId)).Intact);
    }

    [Fact]
    public async Task TheFirstRefusalEndsTheStepAtOnceAndCancelsTheOtherBranchsTask()
    {
        var (node, _, school, district, mail) = await StartAsync(new DateTimeOffset(2026, 7, 7, 9, 0, 0, TimeSpan.FromHours(7)));
        await using var _n = node;
        using var _m = mail;
        var started = await node.Runtime.StartAsync(SampleParallelApprovalWorkflow.DefinitionName, school.Id, $"PA-{Guid.NewGuid():N}", null, Actor.System("test"));
        var tasks = await node.Queue.ForInstanceAsync(started.InstanceId);

        var refused = await node.Tasks.DecideAsync(tasks.Single(t => t.Step == "district-approval").Id, "reject", "sai tuyến", district.ActorA);

        Assert.Equal(("refused", WorkflowStatus.Cancelled), (refused.Transition!.StepAfter, refused.Transition.Status));
        var late = await Assert.ThrowsAsync<TaskActionRefusedException>(() =>
            node.Tasks.DecideAsync(tasks.Single(t => t.Step == "school-approval").Id, "approve", null, school.ActorA));
        Assert.Equal(TaskRefusal.Cancelled, late.Reason);
        Assert.Equal(0L, await PendingTimersAsync(started.InstanceId, null));
        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM workflow_branches WHERE instance_id = $1 AND status = 'Cancelled'", started.InstanceId));
    }

    [Fact]
    public async Task AnOutsideEventNamedLikeTheJoinCannotSkipTheBranches()
    {
        var (node, _, school, _, mail) = await StartAsync(new DateTimeOffset(2026, 7, 8, 9, 0, 0, TimeSpan.FromHours(7)));
        await using var _n = node;
        using var _m = mail;
        var started = await node.Runtime.StartAsync(SampleParallelApprovalWorkflow.DefinitionName, school.Id, $"PA-{Guid.NewGuid():N}", null, Actor.System("test"));

        var outside = await node.Runtime.RaiseAsync(started.InstanceId, new WorkflowEvent("outside-1", "approve"), Actor.System("test"));

        Assert.Equal(TransitionOutcome.NotApplicable, outside.Outcome);
        Assert.Equal(2, (await node.Queue.ForInstanceAsync(started.InstanceId)).Count(t => t.Status == HumanTaskStatus.Open));
    }

    [Fact]
    public async Task ABranchsOwnTimeoutIsItsOutcomeAndFailsTheJoin()
    {
        var (node, clock, school, _, mail) = await StartAsync(new DateTimeOffset(2026, 7, 13, 9, 0, 0, TimeSpan.FromHours(7)));
        await using var _n = node;
        using var _m = mail;
        var started = await node.Runtime.StartAsync(SampleParallelApprovalWorkflow.DefinitionName, school.Id, $"PA-{Guid.NewGuid():N}", null, Actor.System("test"));

        clock.Advance(TimeSpan.FromDays(3) - TimeSpan.FromMinutes(1));
        await node.FireDueTimersAsync();
        Assert.Equal("approval", (await node.Instances.GetAsync(started.InstanceId))!.Summary.CurrentStep);
        clock.Advance(TimeSpan.FromMinutes(1));
        await node.FireDueTimersAsync();

        var after = (await node.Instances.GetAsync(started.InstanceId))!;
        Assert.Equal(("refused", WorkflowStatus.Cancelled), (after.Summary.CurrentStep, after.Summary.Status));
        Assert.Equal("timeout", after.State["approval"]!["school-approval"]!["outcome"]!.GetValue<string>());
        Assert.All(await node.Queue.ForInstanceAsync(started.InstanceId), t => Assert.Equal(HumanTaskStatus.Cancelled, t.Status));
    }

    [Fact]
    public async Task TwoGradersWhoAgreePublishTheirMeanAndNoOneGradesTwice()
    {
        var (node, _, unit, _, mail) = await StartAsync(new DateTimeOffset(2026, 7, 14, 9, 0, 0, TimeSpan.FromHours(7)));
        await using var _n = node;
        using var _m = mail;
        var started = await node.Runtime.StartAsync(SampleRegradeWorkflow.DefinitionName, unit.Id, $"RG-{Guid.NewGuid():N}", null, Actor.System("test"));
        var seats = (await node.Queue.ForInstanceAsync(started.InstanceId)).OrderBy(t => t.Step, StringComparer.Ordinal).ToList();
        Assert.Equal(["grading-1", "grading-2"], seats.Select(t => t.Step));

        await node.Tasks.DecideAsync(seats[0].Id, "scored", null, new JsonObject { ["score"] = 7.5 }, unit.ActorA);
        var twice = await Assert.ThrowsAsync<TaskActionRefusedException>(() =>
            node.Tasks.DecideAsync(seats[1].Id, "scored", null, new JsonObject { ["score"] = 9 }, unit.ActorA));
        Assert.Equal(TaskRefusal.AlreadyDecidedAnotherSeat, twice.Reason);
        var second = await node.Tasks.DecideAsync(seats[1].Id, "scored", null, new JsonObject { ["score"] = 7.75 }, unit.ActorB);

        Assert.Equal(("published", WorkflowStatus.Completed), (second.Transition!.StepAfter, second.Transition.Status));
        var state = (await node.Instances.GetAsync(started.InstanceId))!.State;
        Assert.Equal(7.63m, state["score"]!.GetValue<decimal>());
        Assert.Equal(7.5m, state["grading"]!["grading-1"]!["score"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task GradersWhoDivergeHandTheScoreToTheHead()
    {
        var (node, _, unit, _, mail) = await StartAsync(new DateTimeOffset(2026, 7, 15, 9, 0, 0, TimeSpan.FromHours(7)));
        await using var _n = node;
        using var _m = mail;
        var started = await node.Runtime.StartAsync(SampleRegradeWorkflow.DefinitionName, unit.Id, $"RG-{Guid.NewGuid():N}", null, Actor.System("test"));
        var seats = (await node.Queue.ForInstanceAsync(started.InstanceId)).OrderBy(t => t.Step, StringComparer.Ordinal).ToList();
        await node.Tasks.DecideAsync(seats[0].Id, "scored", null, new JsonObject { ["score"] = 6 }, unit.ActorA);
        var diverged = await node.Tasks.DecideAsync(seats[1].Id, "scored", null, new JsonObject { ["score"] = 8 }, unit.ActorB);
        Assert.Equal("head-review", diverged.Transition!.StepAfter);

        var headTask = Assert.Single(await node.Queue.ForInstanceAsync(started.InstanceId), t => t.Status == HumanTaskStatus.Open);
        Assert.Equal(PortalRole.UnitAdmin, headTask.Role);
        var head = new Actor(unit.StaffA, PortalRole.UnitAdmin, unit.Id, "10.0.0.3", "Lê Văn Cường");
        var decided = await node.Tasks.DecideAsync(headTask.Id, "decided", "chấm lại", new JsonObject { ["score"] = 7 }, head);

        Assert.Equal(("published", WorkflowStatus.Completed), (decided.Transition!.StepAfter, decided.Transition.Status));
        var state = (await node.Instances.GetAsync(started.InstanceId))!.State;
        Assert.Equal(7m, state["score"]!.GetValue<decimal>());
        Assert.Equal([6m, 8m], state["scoreGiven"]!.AsArray().Select(n => n!.GetValue<decimal>()));
    }

    private async Task<(WorkflowNode Node, ManualClock Clock, TestUnit School, TestUnit District, TempDirectory Mail)> StartAsync(DateTimeOffset now)
    {
        var mail = new TempDirectory();
        var clock = new ManualClock(now);
        var node = WorkflowNode.Start(database, clock, mail.Path, [new SampleParallelApprovalWorkflow(), new SampleRegradeWorkflow()]);
        var school = await TestUnit.CreateAsync(database.DataSource);
        var district = await TestUnit.CreateAsync(database.DataSource);
        await using var parent = database.DataSource.CreateCommand("UPDATE units SET parent_id = $2 WHERE id = $1");
        parent.Parameters.Add(new NpgsqlParameter { Value = school.Id });
        parent.Parameters.Add(new NpgsqlParameter { Value = district.Id });
        await parent.ExecuteNonQueryAsync();
        return (node, clock, school, district, mail);
    }

    private Task<long> PendingTimersAsync(Guid instanceId, string? step) => step is null
        ? CountAsync("SELECT count(*) FROM workflow_timers WHERE instance_id = $1 AND status = 'Pending'", instanceId)
        : CountAsync("SELECT count(*) FROM workflow_timers WHERE instance_id = $1 AND status = 'Pending' AND step = $2", instanceId, step);

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
