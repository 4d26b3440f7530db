using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Npgsql;
using Services.Data.Workflows;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Samples;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Workflows;

/// <summary>
/// R7: staff, timers and events acting on the same dossiers at once, through the public API of two nodes. Nothing but
/// the typed "already decided" / "refused" outcomes reaches a caller (no deadlock, no serialization failure), and every
/// task ends with at most one decision, the one its winner was told about.
/// </summary>
public sealed class ContentionTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const int Instances = 8;
    private const int Operations = 200;
    private static readonly string[] Outcomes = ["approve", "reject", "supplement"];

    [Fact]
    public async Task TwoHundredConcurrentClaimsDecisionsRemindersEscalationsAndEventsEndInOneDecisionPerTask()
    {
        using var mail = new TempDirectory();
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(7)));
        // Small pools, so that operations also queue for connections as they would on a busy node.
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Portal"] = new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = 16 }.ConnectionString,
            ["Workflows:TimerParallelism"] = "4",
        };
        await using var nodeA = WorkflowNode.Start(database, clock, mail.Path, settings: settings);
        await using var nodeB = WorkflowNode.Start(database, clock, mail.Path, settings: settings);
        var unit = await TestUnit.CreateAsync(database.DataSource);
        var ids = new List<Guid>();
        for (var i = 0; i < Instances; i++)
        {
            var state = new JsonObject { ["applicantEmail"] = "phuhuynh@example.vn", ["applicantName"] = "Phạm Thu Hà" };
            ids.Add((await nodeA.Runtime.StartAsync(SampleLeaveWorkflow.DefinitionName, unit.Id, $"HS-{Guid.NewGuid():N}", state, Actor.System("test"))).InstanceId);
        }

        // Past the due date: every task's reminder and escalation timer is due while staff act on it.
        clock.Advance(TimeSpan.FromDays(10));
        var random = new Random(7);
        var plan = Enumerable.Range(0, Operations).Select(i => (Kind: i % 5, Instance: ids[random.Next(Instances)], ByA: random.Next(2) == 0,
            Outcome: Outcomes[random.Next(3)])).ToList();
        var decisions = new ConcurrentBag<DecisionResult>();
        var refusals = new ConcurrentBag<Exception>();
        var unexpected = new ConcurrentBag<Exception>();
        using var go = new ManualResetEventSlim();

        var running = plan.Select((op, n) => Task.Run(async () =>
        {
            go.Wait();
            var node = n % 2 == 0 ? nodeA : nodeB;
            var actor = op.ByA ? unit.ActorA : unit.ActorB;
            try
            {
                switch (op.Kind)
                {
                    case 0:
                        await node.Tasks.ClaimAsync(await LatestTaskAsync(op.Instance), actor);
                        break;
                    case 1:
                    case 2:
                        decisions.Add(await node.Tasks.DecideAsync(await LatestTaskAsync(op.Instance), op.Outcome, "ý kiến", actor));
                        break;
                    case 3:
                        // Reminders, escalations and the automated step after an approval.
                        await node.Timers.RunOnceAsync(CancellationToken.None);
                        break;
                    default:
                        await node.Runtime.RaiseAsync(op.Instance, new WorkflowEvent($"supplied-{n}", "supplied"), Actor.System("applicant"));
                        break;
                }
            }
            catch (Exception e) when (e is TaskAlreadyDecidedException or TaskActionRefusedException)
            {
                refusals.Add(e);
            }
            catch (Exception e)
            {
                unexpected.Add(e);
            }
        })).ToList();
        go.Set();
        await Task.WhenAll(running);

        Assert.True(unexpected.IsEmpty, string.Join("\n\n", unexpected.Select(e => e.ToString())));
        Assert.Contains(decisions, d => d.Outcome == DecisionOutcome.Decided);
        // The race really happened: some callers lost it.
        Assert.True(!refusals.IsEmpty || decisions.Any(d => d.Outcome == DecisionOutcome.AlreadyDecided));

        await using var tasks = database.DataSource.CreateCommand(
            "SELECT t.id, t.status, t.decided_by_name, (SELECT count(*) FROM workflow_journal j WHERE j.instance_id = t.instance_id AND j.event_id = 'task:' || t.id) " +
            "FROM workflow_tasks t WHERE t.instance_id = ANY($1)");
        tasks.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
        await using (var reader = await tasks.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var taskId = reader.GetGuid(0);
                var decided = reader.GetString(1) == nameof(HumanTaskStatus.Decided);
                var winners = decisions.Where(d => d.TaskId == taskId && d.Outcome == DecisionOutcome.Decided).ToList();
                Assert.Equal(decided ? 1 : 0, winners.Count);
                Assert.Equal(decided ? 1L : 0L, reader.GetInt64(3));
                if (decided)
                {
                    Assert.Equal(reader.GetString(2), winners[0].DecidedBy);
                    Assert.All(decisions.Where(d => d.TaskId == taskId && d.Outcome == DecisionOutcome.AlreadyDecided), lost => Assert.Equal(winners[0].DecidedBy, lost.DecidedBy));
                    Assert.All(refusals.OfType<TaskAlreadyDecidedException>().Where(r => r.TaskId == taskId), lost => Assert.Equal(winners[0].DecidedBy, lost.DecidedBy));
                }
            }
        }

        foreach (var id in ids)
        {
            Assert.True((await nodeA.Verifier.VerifyAsync(id)).Intact);
            Assert.NotEqual(WorkflowStatus.Incident, (await nodeA.Instances.GetAsync(id))!.Summary.Status);
        }

        // Each task was escalated at most once, however many workers raced for its timer.
        await using var escalations = database.DataSource.CreateCommand(
            "SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM workflow_journal WHERE instance_id = ANY($1) AND event_id LIKE '%:escalated' GROUP BY event_id) e");
        escalations.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
        Assert.True((long)(await escalations.ExecuteScalarAsync())! <= 1);
    }

    private async Task<Guid> LatestTaskAsync(Guid instanceId)
    {
        await using var command = database.DataSource.CreateCommand("SELECT id FROM workflow_tasks WHERE instance_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1");
        command.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        return (Guid)(await command.ExecuteScalarAsync())!;
    }
}
