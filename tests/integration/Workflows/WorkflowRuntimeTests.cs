using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Services.Data.Workflows;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Samples;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Workflows;

public sealed class WorkflowRuntimeTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    // Monday 23 November 2026, 09:00 in Viet Nam.
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(7)));

    private static JsonObject Applicant() => new() { ["applicantEmail"] = "phuhuynh@example.vn", ["applicantName"] = "Phạm Thu Hà" };

    [Fact]
    public async Task StartingCreatesATaskForTheUnitsStaffDueInWorkingDays()
    {
        using var mail = new TempDirectory();
        await using var node = WorkflowNode.Start(database, _clock, mail.Path);
        var unit = await TestUnit.CreateAsync(database.DataSource);

        var started = await node.Runtime.StartAsync(SampleLeaveWorkflow.DefinitionName, unit.Id, $"HS-{Guid.NewGuid():N}", Applicant(), Actor.System("test"));

        Assert.True(started.Created);
        Assert.Equal("check", started.Step);
        var task = Assert.Single(await node.Queue.ForInstanceAsync(started.InstanceId));
        Assert.Equal(unit.Id, task.UnitId);
        Assert.Equal(Services.Data.Identity.PortalRole.Staff, task.Role);
        // Two working days after Monday: Wednesday 25 November at 17:00 Viet Nam time.
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 17, 0, 0, TimeSpan.FromHours(7)), task.DueAt);
        var details = await node.Instances.GetAsync(started.InstanceId);
        Assert.Equal(2, details!.Summary.DefinitionVersion);
        Assert.Equal("Phạm Thu Hà", details.State["applicantName"]?.GetValue<string>());
        var listed = await node.Instances.ListAsync(unit.Id, WorkflowStatus.Running, SampleLeaveWorkflow.DefinitionName);
        Assert.Equal((started.InstanceId, "check"), (Assert.Single(listed).Id, listed[0].CurrentStep));
        Assert.Empty(await node.Instances.ListAsync(unit.Id, WorkflowStatus.Completed));
    }

    [Fact]
    public async Task StartingTwiceWithTheSameTrackingCodeReturnsTheFirstInstance()
    {
        using var mail = new TempDirectory();
        await using var node = WorkflowNode.Start(database, _clock, mail.Path);
        var unit = await TestUnit.CreateAsync(database.DataSource);
        var code = $"HS-{Guid.NewGuid():N}";

        var first = await node.Runtime.StartAsync(SampleLeaveWorkflow.DefinitionName, unit.Id, code, Applicant(), Actor.System("test"));
        var second = await node.Runtime.StartAsync(SampleLeaveWorkflow.DefinitionName, unit.Id, code, Applicant(), Actor.System("test"));

        Assert.False(second.Created);
        Assert.Equal(first.InstanceId, second.InstanceId);
        Assert.Single(await node.Queue.ForInstanceAsync(first.InstanceId));
    }

    [Fact]
    public async Task AStartInsideTheCallersEfTransactionCommitsOrVanishesWithIt()
    {
        using var mail = new TempDirectory();
        await using var node = WorkflowNode.Start(database, _clock, mail.Path);
        var unit = await TestUnit.CreateAsync(database.DataSource);
        await using var db = database.CreateContext();

        StartResult rolledBack;
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            rolledBack = await node.Runtime.StartAsync((NpgsqlTransaction)transaction.GetDbTransaction(), SampleLeaveWorkflow.DefinitionName, unit.Id,
                $"HS-{Guid.NewGuid():N}", Applicant(), Actor.System("test"));
            await transaction.RollbackAsync();
        }

        StartResult committed;
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            var npgsql = (NpgsqlTransaction)transaction.GetDbTransaction();
            committed = await node.Runtime.StartAsync(npgsql, SampleTimerWorkflow.DefinitionName, unit.Id, $"HS-{Guid.NewGuid():N}", null, Actor.System("test"));
            var raised = await node.Runtime.RaiseAsync(npgsql, committed.InstanceId, new WorkflowEvent("early-close", "timeout"), Actor.System("test"));
            Assert.Equal(TransitionOutcome.Applied, raised.Outcome);
            await transaction.CommitAsync();
        }

        Assert.Null(await node.Instances.GetAsync(rolledBack.InstanceId));
        Assert.Empty(await node.Queue.ForInstanceAsync(rolledBack.InstanceId));
        Assert.Equal(WorkflowStatus.Completed, (await node.Instances.GetAsync(committed.InstanceId))!.Summary.Status);
        Assert.Equal(2, (await node.Instances.JournalAsync(committed.InstanceId)).Count);
    }

    [Fact]
    public async Task DeliveringTheSameEventTwiceChangesNothingTheSecondTime()
    {
        using var mail = new TempDirectory();
        await using var node = WorkflowNode.Start(database, _clock, mail.Path);
        var unit = await TestUnit.CreateAsync(database.DataSource);
        var code = $"HS-{Guid.NewGuid():N}";
        var started = await node.Runtime.StartAsync(SampleLeaveWorkflow.DefinitionName, unit.Id, code, Applicant(), Actor.System("test"));
        var task = Assert.Single(await node.Queue.ForInstanceAsync(started.InstanceId));
        await node.Tasks.DecideAsync(task.Id, "supplement", "Thiếu giấy khám bệnh", unit.ActorA);

        var supplied = new WorkflowEvent("citizen-upload-42", "supplied", new JsonObject { ["attachment"] = "giay-kham.pdf" });
        var first = await node.Runtime.RaiseAsync(code, supplied, Actor.System("citizen"));
        var before = await node.Instances.GetAsync(started.InstanceId);
        var second = await node.Runtime.RaiseAsync(code, supplied, Actor.System("citizen"));
        var after = await node.Instances.GetAsync(started.InstanceId);

        Assert.Equal(TransitionOutcome.Applied, first.Outcome);
        Assert.Equal("check", first.StepAfter);
        Assert.Equal(TransitionOutcome.Duplicate, second.Outcome);
        Assert.Equal(before!.Summary.RowVersion, after!.Summary.RowVersion);
        Assert.Equal(3, (await node.Instances.JournalAsync(started.InstanceId)).Count);
        Assert.Equal(2, (await node.Queue.ForInstanceAsync(started.InstanceId)).Count);
    }

    [Fact]
    public async Task AnEventTheCurrentStepDoesNotAwaitIsNotAppliedAndCanComeLater()
    {
        using var mail = new TempDirectory();
        await using var node = WorkflowNode.Start(database, _clock, mail.Path);
        var unit = await TestUnit.CreateAsync(database.DataSource);
        var started = await node.Runtime.StartAsync(SampleLeaveWorkflow.DefinitionName, unit.Id, $"HS-{Guid.NewGuid():N}", Applicant(), Actor.System("test"));

        var early = await node.Runtime.RaiseAsync(started.InstanceId, new WorkflowEvent("upload-1", "supplied"), Actor.System("citizen"));
        Assert.Equal(TransitionOutcome.NotApplicable, early.Outcome);

        var task = Assert.Single(await node.Queue.ForInstanceAsync(started.InstanceId));
        await node.Tasks.DecideAsync(task.Id, "supplement", null, unit.ActorA);
        var later = await node.Runtime.RaiseAsync(started.InstanceId, new WorkflowEvent("upload-1", "supplied"), Actor.System("citizen"));
        Assert.Equal(TransitionOutcome.Applied, later.Outcome);
    }

    [Fact]
    public async Task ConcurrentEventsOnOneInstanceFromTwoNodesApplyExactlyOnce()
    {
        using var mail = new TempDirectory();
        await using var nodeA = WorkflowNode.Start(database, _clock, mail.Path);
        await using var nodeB = WorkflowNode.Start(database, _clock, mail.Path);
        var unit = await TestUnit.CreateAsync(database.DataSource);

        for (var round = 0; round < 20; round++)
        {
            var started = await nodeA.Runtime.StartAsync(SampleTimerWorkflow.DefinitionName, unit.Id, $"HS-{Guid.NewGuid():N}", null, Actor.System("test"));
            // Same event delivered to both nodes, and a different event racing it: one transition in all.
            var sameEvent = new WorkflowEvent($"signal-{round}", "timeout");
            var results = await Task.WhenAll(
                Task.Run(() => nodeA.Runtime.RaiseAsync(started.InstanceId, sameEvent, Actor.System("a"))),
                Task.Run(() => nodeB.Runtime.RaiseAsync(started.InstanceId, sameEvent, Actor.System("b"))),
                Task.Run(() => nodeB.Runtime.RaiseAsync(started.InstanceId, new WorkflowEvent($"other-{round}", "timeout"), Actor.System("b"))));

            Assert.Single(results, r => r.Outcome == TransitionOutcome.Applied);
            Assert.All(results, r => Assert.Equal("done", r.Outcome == TransitionOutcome.Applied ? r.StepAfter : "done"));
            var journal = await nodeA.Instances.JournalAsync(started.InstanceId);
            Assert.Equal(2, journal.Count);
            Assert.True(JournalVerifier.Verify(journal).Intact);
        }
    }

    [Fact]
    public async Task AChangeBasedOnAStaleRowVersionConflicts()
    {
        using var mail = new TempDirectory();
        await using var node = WorkflowNode.Start(database, _clock, mail.Path);
        var unit = await TestUnit.CreateAsync(database.DataSource);
        var started = await node.Runtime.StartAsync(SampleTimerWorkflow.DefinitionName, unit.Id, $"HS-{Guid.NewGuid():N}", null, Actor.System("test"));

        await Assert.ThrowsAsync<WorkflowConcurrencyException>(() =>
            node.Runtime.RaiseAsync(started.InstanceId, new WorkflowEvent("e1", "timeout"), Actor.System("test"), expectedRowVersion: 7));
        var applied = await node.Runtime.RaiseAsync(started.InstanceId, new WorkflowEvent("e1", "timeout"), Actor.System("test"), expectedRowVersion: 1);
        Assert.Equal(2, applied.RowVersion);
    }

    [Fact]
    public async Task InstancesStayOnTheirVersionUntilMigratedThenContinueFromTheMappedStep()
    {
        using var mail = new TempDirectory();
        // An older deployment knows only version 1; the new one has both.
        await using var oldNode = WorkflowNode.Start(database, _clock, mail.Path, [new SampleLeaveWorkflow(upToVersion: 1)]);
        await using var newNode = WorkflowNode.Start(database, _clock, mail.Path);
        var unit = await TestUnit.CreateAsync(database.DataSource);
        var old = await oldNode.Runtime.StartAsync(SampleLeaveWorkflow.DefinitionName, unit.Id, $"HS-{Guid.NewGuid():N}", Applicant(), Actor.System("test"));
        var fresh = await newNode.Runtime.StartAsync(SampleLeaveWorkflow.DefinitionName, unit.Id, $"HS-{Guid.NewGuid():N}", Applicant(), Actor.System("test"));

        Assert.Equal("review", old.Step);
        Assert.Equal("check", fresh.Step);
        var oldTask = Assert.Single(await newNode.Queue.ForInstanceAsync(old.InstanceId));
        Assert.Equal("review", oldTask.Step);

        var moved = await newNode.Runtime.MigrateAllAsync(SampleLeaveWorkflow.DefinitionName, 1, 2, Actor.System("operator"));

        Assert.True(moved >= 1);
        Assert.Equal(TransitionOutcome.NotApplicable, (await newNode.Runtime.MigrateAsync(old.InstanceId, 2, Actor.System("operator"))).Outcome);
        var summary = (await newNode.Instances.GetAsync(old.InstanceId))!.Summary;
        Assert.Equal((2, "check"), (summary.DefinitionVersion, summary.CurrentStep));
        // The mapped step is entered as version 2 declares it: the old task is cancelled, a new one is due in 2 working days.
        var tasks = await newNode.Queue.ForInstanceAsync(old.InstanceId);
        Assert.Equal(HumanTaskStatus.Cancelled, Assert.Single(tasks, t => t.Id == oldTask.Id).Status);
        var task = Assert.Single(tasks, t => t.Status == HumanTaskStatus.Open);
        Assert.Equal("check", task.Step);
        Assert.Equal((await newNode.Holidays.GetAsync(CancellationToken.None)).DueAt(_clock.GetUtcNow(), 2), task.DueAt);
        Assert.Equal(Applicant()["applicantName"]!.GetValue<string>(), (await newNode.Instances.GetAsync(old.InstanceId))!.State["fullName"]!.GetValue<string>());

        // Version 2's approval runs the automated "issue" step before completing.
        await newNode.Tasks.DecideAsync(task.Id, "approve", null, unit.ActorA);
        await newNode.FireDueTimersAsync();
        var done = await newNode.Instances.GetAsync(old.InstanceId);
        Assert.Equal(WorkflowStatus.Completed, done!.Summary.Status);
        Assert.True(done.State["issued"]?.GetValue<bool>());
        Assert.True((await newNode.Verifier.VerifyAsync(old.InstanceId)).Intact);
    }

    [Fact]
    public async Task AnInstanceMigratedFromAHumanStepOntoAnAutomatedOneRunsOnInsteadOfWaiting()
    {
        using var mail = new TempDirectory();
        await using var oldNode = WorkflowNode.Start(database, _clock, mail.Path, [new SampleAutomatedReviewWorkflow(upToVersion: 1)]);
        await using var newNode = WorkflowNode.Start(database, _clock, mail.Path, [new SampleAutomatedReviewWorkflow()]);
        var unit = await TestUnit.CreateAsync(database.DataSource);
        var old = await oldNode.Runtime.StartAsync(SampleAutomatedReviewWorkflow.DefinitionName, unit.Id, $"HS-{Guid.NewGuid():N}", null, Actor.System("test"));

        Assert.Equal(TransitionOutcome.Applied, (await newNode.Runtime.MigrateAsync(old.InstanceId, 2, Actor.System("operator"))).Outcome);
        await newNode.FireDueTimersAsync();

        var done = (await newNode.Instances.GetAsync(old.InstanceId))!;
        Assert.Equal(("done", WorkflowStatus.Completed), (done.Summary.CurrentStep, done.Summary.Status));
        Assert.Equal("system", done.State["reviewedBy"]!.GetValue<string>());
        Assert.Equal(HumanTaskStatus.Cancelled, Assert.Single(await newNode.Queue.ForInstanceAsync(old.InstanceId)).Status);
        Assert.True((await newNode.Verifier.VerifyAsync(old.InstanceId)).Intact);
    }

    [Fact]
    public async Task TwoStaffDecidingAtOnceGiveOneWinnerAndOneAlreadyDecided()
    {
        using var mail = new TempDirectory();
        await using var nodeA = WorkflowNode.Start(database, _clock, mail.Path);
        await using var nodeB = WorkflowNode.Start(database, _clock, mail.Path);
        var unit = await TestUnit.CreateAsync(database.DataSource);

        for (var round = 0; round < 10; round++)
        {
            var started = await nodeA.Runtime.StartAsync(SampleLeaveWorkflow.DefinitionName, unit.Id, $"HS-{Guid.NewGuid():N}", Applicant(), Actor.System("test"));
            var task = Assert.Single(await nodeA.Queue.ForInstanceAsync(started.InstanceId));
            using var go = new ManualResetEventSlim();
            var a = Task.Run(() => { go.Wait(); return nodeA.Tasks.DecideAsync(task.Id, "approve", "Đồng ý", unit.ActorA); });
            var b = Task.Run(() => { go.Wait(); return nodeB.Tasks.DecideAsync(task.Id, "reject", "Không đồng ý", unit.ActorB); });
            go.Set();
            var results = await Task.WhenAll(a, b);

            var winner = Assert.Single(results, r => r.Outcome == DecisionOutcome.Decided);
            var loser = Assert.Single(results, r => r.Outcome == DecisionOutcome.AlreadyDecided);
            Assert.Equal(winner.DecidedBy, loser.DecidedBy);
            Assert.Equal(winner.ExistingOutcome, loser.ExistingOutcome);
            Assert.NotNull(loser.DecidedAt);
            var error = Assert.Throws<TaskAlreadyDecidedException>(() => loser.EnsureDecided());
            Assert.Contains($"already decided by {winner.DecidedBy} at", error.Message, StringComparison.Ordinal);
            var journal = await nodeA.Instances.JournalAsync(started.InstanceId);
            Assert.Equal(2, journal.Count);
            Assert.Equal($"task:{task.Id}", journal[1].EventId);
            Assert.Equal(winner.ExistingOutcome, (await nodeA.Queue.GetAsync(task.Id))!.Outcome);
        }
    }

    [Fact]
    public async Task ApprovalCompletesTheInstanceAndEmailsTheApplicantWithAStableMessageId()
    {
        using var mail = new TempDirectory();
        await using var node = WorkflowNode.Start(database, _clock, mail.Path, [new SampleLeaveWorkflow(upToVersion: 1)]);
        var unit = await TestUnit.CreateAsync(database.DataSource);
        var code = $"HS-{Guid.NewGuid():N}";
        var started = await node.Runtime.StartAsync(SampleLeaveWorkflow.DefinitionName, unit.Id, code, Applicant(), Actor.System("test"));
        var task = Assert.Single(await node.Queue.ForInstanceAsync(started.InstanceId));

        var decision = await node.Tasks.DecideAsync(task.Id, "approve", "Đồng ý cho nghỉ", unit.ActorA with { Ip = "203.0.113.9" });

        Assert.Equal(WorkflowStatus.Completed, decision.Transition!.Status);
        Assert.True(await node.DispatchOutboxAsync() >= 1);
        await using var command = database.DataSource.CreateCommand($"SELECT id FROM outbox_messages WHERE instance_id = '{started.InstanceId}'");
        var messageId = (Guid)(await command.ExecuteScalarAsync())!;
        // Other tests of this class may leave messages that this node delivers too; find ours by its Message-ID.
        var emls = await Task.WhenAll(mail.Files.Select(f => File.ReadAllTextAsync(f)));
        var eml = Assert.Single(emls, e => e.Contains($"<{messageId}@servicesportal>", StringComparison.Ordinal));
        Assert.Contains("To: phuhuynh@example.vn", eml, StringComparison.Ordinal);
        var journal = await node.Instances.JournalAsync(started.InstanceId);
        Assert.Equal(("review", "approved", unit.StaffA, "Staff", unit.Id, "203.0.113.9"),
            (journal[1].StepBefore, journal[1].StepAfter, journal[1].ActorUserId!.Value, journal[1].ActorRole, journal[1].ActorUnitId!.Value, journal[1].ActorIp));
        var diagram = await node.Instances.DiagramAsync(started.InstanceId);
        Assert.Contains("class s_review visited", diagram, StringComparison.Ordinal);
        Assert.Contains("class s_approved current", diagram, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADecisionAndItsTransitionAreThreeCommandsAndACommit()
    {
        using var mail = new TempDirectory();
        await using var node = WorkflowNode.Start(database, _clock, mail.Path, [new SampleLeaveWorkflow(upToVersion: 1)]);
        var unit = await TestUnit.CreateAsync(database.DataSource);
        var started = await node.Runtime.StartAsync(SampleLeaveWorkflow.DefinitionName, unit.Id, $"HS-{Guid.NewGuid():N}", Applicant(), Actor.System("test"));
        var task = Assert.Single(await node.Queue.ForInstanceAsync(started.InstanceId));

        // The instance locked by the task's id; the task locked with the read of whether its event was seen; the
        // decision with the whole transition in one batch.
        var (decision, trips) = await RoundTrips.CountAsync(() => node.Tasks.DecideAsync(task.Id, "approve", "Đồng ý", unit.ActorA));

        Assert.Equal(3, trips);
        Assert.Equal(DecisionOutcome.Decided, decision.Outcome);
        Assert.Equal(WorkflowStatus.Completed, decision.Transition!.Status);
        var journal = await node.Instances.JournalAsync(started.InstanceId);
        Assert.Equal(("review", "approved"), (journal[1].StepBefore, journal[1].StepAfter));
        Assert.True((await node.Verifier.VerifyAsync(started.InstanceId)).Intact);
    }

    [Fact]
    public async Task ClaimReleaseAndReassignAreExclusiveAndJournaled()
    {
        using var mail = new TempDirectory();
        await using var node = WorkflowNode.Start(database, _clock, mail.Path);
        var unit = await TestUnit.CreateAsync(database.DataSource);
        var started = await node.Runtime.StartAsync(SampleLeaveWorkflow.DefinitionName, unit.Id, $"HS-{Guid.NewGuid():N}", Applicant(), Actor.System("test"));
        var task = Assert.Single(await node.Queue.ForInstanceAsync(started.InstanceId));

        await node.Tasks.ClaimAsync(task.Id, unit.ActorA);
        var refused = await Assert.ThrowsAsync<TaskActionRefusedException>(() => node.Tasks.ClaimAsync(task.Id, unit.ActorB));
        Assert.Contains("Nguyễn Văn An", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<TaskActionRefusedException>(() => node.Tasks.DecideAsync(task.Id, "approve", null, unit.ActorB));
        await Assert.ThrowsAsync<TaskActionRefusedException>(() => node.Tasks.ReleaseAsync(task.Id, unit.ActorB));
        await node.Tasks.ReleaseAsync(task.Id, unit.ActorA);
        await node.Tasks.ReassignAsync(task.Id, unit.StaffB, "Trần Thị Bình", unit.ActorA);
        Assert.Equal(unit.StaffB, (await node.Queue.GetAsync(task.Id))!.AssigneeId);
        await Assert.ThrowsAsync<TaskActionRefusedException>(() => node.Tasks.ReassignAsync(task.Id, Guid.NewGuid(), "Người ngoài", unit.ActorB));
        var stranger = unit.ActorA with { UnitId = Guid.NewGuid() };
        await Assert.ThrowsAsync<TaskActionRefusedException>(() => node.Tasks.ClaimAsync(task.Id, stranger));

        var mine = await node.Queue.ListAsync(new TaskQuery([unit.Id], [Services.Data.Identity.PortalRole.Staff]) { AssigneeId = unit.StaffB });
        Assert.Equal(task.Id, Assert.Single(mine).Id);
        var actions = (await node.Instances.JournalAsync(started.InstanceId)).Select(e => e.Action).ToList();
        Assert.Equal(["started sample-leave v2", "task check claimed", "task check released", "task check reassigned to Trần Thị Bình"], actions);
        Assert.True((await node.Verifier.VerifyAsync(started.InstanceId)).Intact);
    }

    [Fact]
    public async Task OverdueTasksAreRemindedThenEscalatedToTheUnitsLeaders()
    {
        using var mail = new TempDirectory();
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(7)));
        await using var node = WorkflowNode.Start(database, clock, mail.Path);
        var unit = await TestUnit.CreateAsync(database.DataSource);
        var started = await node.Runtime.StartAsync(SampleLeaveWorkflow.DefinitionName, unit.Id, $"HS-{Guid.NewGuid():N}", Applicant(), Actor.System("test"));

        Assert.Equal(new QueueCounts(1, 0, 0), await node.Queue.CountsAsync(unit.Id));
        clock.Advance(TimeSpan.FromDays(1)); // Tuesday 09:00: the reminder (08:00 the working day before Wednesday) is due.
        await node.FireDueTimersAsync();
        Assert.Equal(2, await CountMessagesAsync(started.InstanceId));
        clock.Advance(TimeSpan.FromDays(1)); // Wednesday 09:00: due today, not yet overdue.
        Assert.Equal(new QueueCounts(1, 1, 0), await node.Queue.CountsAsync(unit.Id));
        await node.FireDueTimersAsync();
        Assert.Equal(2, await CountMessagesAsync(started.InstanceId));
        clock.Advance(TimeSpan.FromHours(9)); // Wednesday 18:00: overdue.
        Assert.Equal(new QueueCounts(1, 1, 1), await node.Queue.CountsAsync(unit.Id));
        await node.FireDueTimersAsync();
        Assert.Equal(3, await CountMessagesAsync(started.InstanceId));

        var task = Assert.Single(await node.Queue.ForInstanceAsync(started.InstanceId));
        var overdue = await node.Queue.ListAsync(new TaskQuery([unit.Id], [Services.Data.Identity.PortalRole.Staff]) { Due = DueFilter.Overdue });
        Assert.Contains(overdue, t => t.Id == task.Id);
        await using var command = database.DataSource.CreateCommand(
            $"SELECT channel, recipient FROM outbox_messages WHERE instance_id = '{started.InstanceId}' ORDER BY created_at, channel, recipient");
        var messages = new List<(string, string)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                messages.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        Assert.Equal(3, messages.Count);
        Assert.Contains(("InApp", unit.StaffA.ToString()), messages);
        Assert.Contains(("InApp", unit.StaffB.ToString()), messages);
        Assert.Contains(("Email", unit.LeaderEmail), messages);
        await node.DispatchOutboxAsync();
        await using var bell = database.DataSource.CreateCommand($"SELECT count(*) FROM notifications WHERE user_id = '{unit.StaffA}'");
        Assert.Equal(1L, await bell.ExecuteScalarAsync());
        Assert.Contains(await node.Instances.JournalAsync(started.InstanceId), e => e.Action.Contains("escalated", StringComparison.Ordinal));
    }

    private async Task<long> CountMessagesAsync(Guid instanceId)
    {
        await using var command = database.DataSource.CreateCommand($"SELECT count(*) FROM outbox_messages WHERE instance_id = '{instanceId}'");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
