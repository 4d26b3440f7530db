using Npgsql;
using Services.Tests.Integration.Infrastructure;
using Services.Workflows.Operations;

namespace Services.Tests.Integration.Operations;

/// <summary>The console's reads keep units apart, and a discarded dead letter leaves the list with its reason kept.</summary>
public sealed class OperationsQueriesTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task AUnitScopeSeesOnlyItsOwnRowsAndTheCitySeesAll()
    {
        var (unitA, unitB) = (Guid.NewGuid(), Guid.NewGuid());
        var (codeA, codeB) = (await TroubleInAsync(unitA), await TroubleInAsync(unitB));
        var queries = new OperationsQueries(database.DataSource, TimeProvider.System);

        foreach (var (unit, mine, theirs) in new[] { (unitA, codeA, codeB), (unitB, codeB, codeA) })
        {
            var incidents = await queries.IncidentsAsync(unit);
            Assert.Contains(incidents, i => i.Correlation == mine);
            Assert.DoesNotContain(incidents, i => i.Correlation == theirs);
            var letters = await queries.DeadLettersAsync(unit);
            Assert.Contains(letters, l => l.Correlation == mine);
            Assert.DoesNotContain(letters, l => l.Correlation == theirs || l.Correlation is null);
            var stuck = await queries.StuckAsync(unit);
            Assert.Contains(stuck, s => s.Correlation == mine);
            Assert.DoesNotContain(stuck, s => s.Correlation == theirs);
            var timers = await queries.TimersAsync(unit);
            Assert.Equal((1, 1), (timers.Due, timers.Late));
            Assert.All(timers.Oldest, t => Assert.Equal(mine, t.Correlation));

            var foreignIncident = (await queries.IncidentsAsync(null)).Single(i => i.Correlation == theirs);
            Assert.False(await queries.IncidentInScopeAsync(foreignIncident.Id, unit));
            Assert.True(await queries.IncidentInScopeAsync(foreignIncident.Id, null));
        }

        var city = await queries.IncidentsAsync(null);
        Assert.Contains(city, i => i.Correlation == codeA);
        Assert.Contains(city, i => i.Correlation == codeB);
    }

    [Fact]
    public async Task ADiscardedDeadLetterLeavesTheListAndKeepsItsReason()
    {
        var unit = Guid.NewGuid();
        var code = await TroubleInAsync(unit);
        var queries = new OperationsQueries(database.DataSource, TimeProvider.System);
        var letter = (await queries.DeadLettersAsync(unit)).Single(l => l.Correlation == code);

        var discards = new DeadLetterDiscards(database.DataSource, TimeProvider.System);
        Assert.True(await discards.DiscardAsync(letter.Id, "Địa chỉ thư không còn tồn tại", "Quản trị"));
        Assert.False(await discards.DiscardAsync(letter.Id, "lần hai", "Quản trị"));

        Assert.DoesNotContain(await queries.DeadLettersAsync(unit), l => l.Id == letter.Id);
        Assert.False(await queries.DeadLetterInScopeAsync(letter.Id, null));
        await using var reason = database.DataSource.CreateCommand("SELECT reason FROM outbox_discards WHERE message_id = $1");
        reason.Parameters.Add(new NpgsqlParameter { Value = letter.Id });
        Assert.Equal("Địa chỉ thư không còn tồn tại", await reason.ExecuteScalarAsync());
    }

    /// <summary>An instance of the unit with an open incident, a dead letter, a task past its due date and a late timer.</summary>
    private async Task<string> TroubleInAsync(Guid unitId)
    {
        var code = $"HS-{Guid.NewGuid():N}"[..14];
        await using var command = database.DataSource.CreateCommand("""
            WITH w AS (
                INSERT INTO workflow_instances (id, definition_name, definition_version, status, current_step, unit_id, correlation, state, row_version,
                                                journal_seq, last_journal_hash, created_at, updated_at)
                VALUES (gen_random_uuid(), 'sample-leave', 1, 'Running', 'review', $1, $2, '{}', 1, 0, '', now(), now()) RETURNING id),
            i AS (INSERT INTO workflow_incidents (id, instance_id, step, error, attempts, status, created_at)
                  SELECT gen_random_uuid(), w.id, 'review', 'boom', 3, 'Open', now() FROM w),
            m AS (INSERT INTO outbox_messages (id, instance_id, channel, recipient, subject, body, status, attempts, next_attempt_at, created_at)
                  SELECT gen_random_uuid(), w.id, 'Email', 'a@example.test', 'given up', 'b', 'DeadLettered', 6, now(), now() FROM w),
            t AS (INSERT INTO workflow_timers (id, instance_id, kind, step, due_at, status, attempt, created_at)
                  SELECT gen_random_uuid(), w.id, 'TaskReminder', 'review', now() - interval '5 minutes', 'Pending', 0, now() FROM w)
            INSERT INTO workflow_tasks (id, instance_id, definition_name, correlation, step, unit_id, role, status, created_at, due_at)
            SELECT gen_random_uuid(), w.id, 'sample-leave', $2, 'review', $1, 'Staff', 'Open', now() - interval '10 days', now() - interval '2 days' FROM w
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = unitId });
        command.Parameters.Add(new NpgsqlParameter { Value = code });
        await command.ExecuteNonQueryAsync();
        return code;
    }
}
