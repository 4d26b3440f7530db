using Npgsql;
using Services.Data.Workflows;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Samples;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Workflows;

/// <summary>R8: a poisoned timer, transition or notification gives exactly one incident after its retries, then stops.</summary>
public sealed class PoisonTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const int Tries = 3;

    [Theory]
    [InlineData(SamplePoisonedWorkflows.PoisonedTimer.DefinitionName, "cooling", "receivingSchoolId")]
    [InlineData(SamplePoisonedWorkflows.PoisonedTransition.DefinitionName, "call-registry", "receivingSchoolId")]
    [InlineData(SamplePoisonedWorkflows.PoisonedNotification.DefinitionName, "cooling", "applicantEmail")]
    public async Task APoisonedTimerTransitionOrNotificationGivesExactlyOneIncidentAfterItsRetries(string definition, string step, string missing)
    {
        using var mail = new TempDirectory();
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(7)));
        await using var node = WorkflowNode.Start(database, clock, mail.Path, SamplePoisonedWorkflows.All);
        var unit = await TestUnit.CreateAsync(database.DataSource);
        var started = await node.Runtime.StartAsync(definition, unit.Id, $"HS-{Guid.NewGuid():N}", null, Actor.System("test"));

        // Long enough for the first firing and each retry (10 s, then 20 s).
        var handled = 0;
        for (var i = 0; i < Tries + 3; i++)
        {
            clock.Advance(TimeSpan.FromHours(1));
            handled += await node.FireDueTimersAsync();
        }

        Assert.Equal(Tries, handled);
        var details = await node.Instances.GetAsync(started.InstanceId);
        Assert.Equal((WorkflowStatus.Incident, step), (details!.Summary.Status, details.Summary.CurrentStep));
        var incident = Assert.Single(await IncidentsAsync(started.InstanceId));
        Assert.Equal((Tries, step, IncidentStatus.Open), (incident.Attempts, incident.Step, incident.Status));
        Assert.Contains(missing, incident.Error, StringComparison.Ordinal);
        Assert.Contains(" at Services.Workflows.Runtime.", incident.Error, StringComparison.Ordinal); // the stack
        if (definition == SamplePoisonedWorkflows.PoisonedTransition.DefinitionName)
        {
            // The external call ran once per try, and its effects were rolled back with each failed transition.
            Assert.Equal(Tries, node.Flaky.Calls);
        }

        // Nothing more happens, however long we wait: no loop.
        clock.Advance(TimeSpan.FromDays(30));
        Assert.Equal(0, await node.FireDueTimersAsync());
        Assert.Single(await IncidentsAsync(started.InstanceId));
        var journal = await node.Instances.JournalAsync(started.InstanceId);
        Assert.Equal(Tries - 1, journal.Count(e => e.Action.Contains("failed", StringComparison.Ordinal)));
        Assert.Single(journal, e => e.Action.Contains("parked as an incident", StringComparison.Ordinal));
        Assert.True((await node.Verifier.VerifyAsync(started.InstanceId)).Intact);
        await using var outbox = database.DataSource.CreateCommand("SELECT count(*) FROM outbox_messages WHERE instance_id = $1");
        outbox.Parameters.Add(new NpgsqlParameter { Value = started.InstanceId });
        Assert.Equal(0L, await outbox.ExecuteScalarAsync());
    }

    [Fact]
    public async Task CancellingAnInstanceClosesItsIncidentAndRetryingThatIncidentIsRefused()
    {
        using var mail = new TempDirectory();
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.FromHours(7)));
        await using var node = WorkflowNode.Start(database, clock, mail.Path, SamplePoisonedWorkflows.All,
            new Dictionary<string, string?> { ["Workflows:TimerMaxAttempts"] = "1" });
        var unit = await TestUnit.CreateAsync(database.DataSource);
        var started = await node.Runtime.StartAsync(SamplePoisonedWorkflows.PoisonedNotification.DefinitionName, unit.Id, $"HS-{Guid.NewGuid():N}", null,
            Actor.System("test"));
        clock.Advance(TimeSpan.FromHours(1));
        await node.FireDueTimersAsync();
        var incident = Assert.Single(await node.Incidents.ListOpenAsync(), i => i.InstanceId == started.InstanceId);

        await node.Runtime.CancelAsync(started.InstanceId, "người nộp rút hồ sơ", Actor.System("test"));

        Assert.DoesNotContain(await node.Incidents.ListOpenAsync(), i => i.InstanceId == started.InstanceId);
        Assert.Equal(IncidentStatus.Cancelled, Assert.Single(await IncidentsAsync(started.InstanceId)).Status);
        var refused = await Assert.ThrowsAsync<IncidentActionRefusedException>(() => node.Incidents.RetryAsync(incident.Id, Actor.System("operator")));
        Assert.Equal(incident.Id, refused.IncidentId);
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await node.FireDueTimersAsync());
        Assert.Equal(WorkflowStatus.Cancelled, (await node.Instances.GetAsync(started.InstanceId))!.Summary.Status);
    }

    [Fact]
    public async Task RetryingIsRefusedForAnInstanceThatIsNoLongerParkedEvenIfItsIncidentWasLeftOpen()
    {
        using var mail = new TempDirectory();
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.FromHours(7)));
        await using var node = WorkflowNode.Start(database, clock, mail.Path, SamplePoisonedWorkflows.All,
            new Dictionary<string, string?> { ["Workflows:TimerMaxAttempts"] = "1" });
        var unit = await TestUnit.CreateAsync(database.DataSource);
        var started = await node.Runtime.StartAsync(SamplePoisonedWorkflows.PoisonedNotification.DefinitionName, unit.Id, $"HS-{Guid.NewGuid():N}", null,
            Actor.System("test"));
        clock.Advance(TimeSpan.FromHours(1));
        await node.FireDueTimersAsync();
        var incident = Assert.Single(await node.Incidents.ListOpenAsync(), i => i.InstanceId == started.InstanceId);
        // An instance cancelled by an older version of the runtime, which left its incidents open.
        await using (var legacy = database.DataSource.CreateCommand("UPDATE workflow_instances SET status = 'Cancelled' WHERE id = $1"))
        {
            legacy.Parameters.Add(new NpgsqlParameter { Value = started.InstanceId });
            await legacy.ExecuteNonQueryAsync();
        }

        await Assert.ThrowsAsync<IncidentActionRefusedException>(() => node.Incidents.RetryAsync(incident.Id, Actor.System("operator")));
        Assert.Equal(WorkflowStatus.Cancelled, (await node.Instances.GetAsync(started.InstanceId))!.Summary.Status);
    }

    private async Task<List<WorkflowIncident>> IncidentsAsync(Guid instanceId)
    {
        await using var command = database.DataSource.CreateCommand("SELECT step, error, attempts, status FROM workflow_incidents WHERE instance_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        await using var reader = await command.ExecuteReaderAsync();
        var incidents = new List<WorkflowIncident>();
        while (await reader.ReadAsync())
        {
            incidents.Add(new WorkflowIncident
            {
                InstanceId = instanceId,
                Step = reader.GetString(0),
                Error = reader.GetString(1),
                Attempts = reader.GetInt32(2),
                Status = Enum.Parse<IncidentStatus>(reader.GetString(3)),
            });
        }

        return incidents;
    }
}
