using Npgsql;
using NpgsqlTypes;

namespace Services.Workflows.Operations;

/// <summary>
/// What the operations console reads: open incidents, dead letters, due and late timers, instances past their step's
/// legal time, and the task backlog per unit and service. Every query takes a unit scope: <c>null</c> is the whole
/// city (system admins only); a unit id narrows every row to that unit, so a unit admin never sees another's data.
/// Actions stay with the runtime's own classes; this file only reads (and checks scope before an action).
/// </summary>
public sealed class OperationsQueries(NpgsqlDataSource dataSource, TimeProvider clock)
{
    /// <summary>A pending timer this far past its due time is late, not merely due: the workers poll every few seconds.</summary>
    public static readonly TimeSpan LateAfter = TimeSpan.FromMinutes(1);

    private const int Take = 100;

    public async Task<IReadOnlyList<OpenIncident>> IncidentsAsync(Guid? unitId, CancellationToken cancellationToken = default)
    {
        await using var command = Command(
            "SELECT i.id, i.instance_id, w.definition_name, w.correlation, w.unit_id, i.step, i.error, i.attempts, i.created_at " +
            "FROM workflow_incidents i JOIN workflow_instances w ON w.id = i.instance_id " +
            "WHERE i.status = 'Open' AND ($1::uuid IS NULL OR w.unit_id = $1) ORDER BY i.created_at LIMIT $2", unitId, Take);
        return await ReadAsync(command, r => new OpenIncident(
            r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.GetString(3), r.GetGuid(4), r.GetString(5), r.GetString(6), r.GetInt32(7),
            r.GetFieldValue<DateTimeOffset>(8)), cancellationToken);
    }

    /// <summary>Dead letters not yet discarded. A message without an instance belongs to no unit: only the city scope sees it.</summary>
    public async Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(Guid? unitId, CancellationToken cancellationToken = default)
    {
        await using var command = Command(
            "SELECT m.id, w.correlation, m.channel, m.recipient, m.subject, m.attempts, m.last_error, m.created_at " +
            "FROM outbox_messages m LEFT JOIN workflow_instances w ON w.id = m.instance_id " +
            "WHERE m.status = 'DeadLettered' AND NOT EXISTS (SELECT 1 FROM outbox_discards d WHERE d.message_id = m.id) " +
            "AND ($1::uuid IS NULL OR w.unit_id = $1) ORDER BY m.created_at DESC LIMIT $2", unitId, Take);
        return await ReadAsync(command, r => new DeadLetter(
            r.GetGuid(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt32(5),
            r.IsDBNull(6) ? null : r.GetString(6), r.GetFieldValue<DateTimeOffset>(7)), cancellationToken);
    }

    /// <summary>Pending timers whose time has come: how many, how many are late, and the oldest late ones.</summary>
    public async Task<TimerBacklog> TimersAsync(Guid? unitId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var lateBefore = now - LateAfter;
        int due, late;
        await using (var counts = Command(
            "SELECT count(*), count(*) FILTER (WHERE t.due_at < $3) FROM workflow_timers t JOIN workflow_instances w ON w.id = t.instance_id " +
            "WHERE t.status = 'Pending' AND t.due_at <= $2 AND ($1::uuid IS NULL OR w.unit_id = $1)", unitId, now, lateBefore))
        await using (var reader = await counts.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            (due, late) = ((int)reader.GetInt64(0), (int)reader.GetInt64(1));
        }

        await using var oldest = Command(
            "SELECT t.id, w.correlation, w.definition_name, t.kind, t.step, t.due_at, t.attempt FROM workflow_timers t " +
            "JOIN workflow_instances w ON w.id = t.instance_id " +
            "WHERE t.status = 'Pending' AND t.due_at < $2 AND ($1::uuid IS NULL OR w.unit_id = $1) ORDER BY t.due_at LIMIT $3", unitId, lateBefore, Take);
        var lateTimers = await ReadAsync(oldest, r => new LateTimer(
            r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetFieldValue<DateTimeOffset>(5), r.GetInt32(6)), cancellationToken);
        return new TimerBacklog(due, late, lateTimers);
    }

    /// <summary>
    /// Running instances waiting in a human step past its legal time: the task's due date is that time, counted in
    /// working days when the task was created, so "stuck since" is the due date.
    /// </summary>
    public async Task<IReadOnlyList<StuckInstance>> StuckAsync(Guid? unitId, CancellationToken cancellationToken = default)
    {
        await using var command = Command(
            "SELECT w.id, w.correlation, w.definition_name, t.step, t.unit_id, t.created_at, t.due_at, t.assignee_name " +
            "FROM workflow_tasks t JOIN workflow_instances w ON w.id = t.instance_id " +
            "WHERE t.status = 'Open' AND w.status = 'Running' AND t.due_at < $2 AND ($1::uuid IS NULL OR t.unit_id = $1) ORDER BY t.due_at LIMIT $3",
            unitId, clock.GetUtcNow(), Take);
        return await ReadAsync(command, r => new StuckInstance(
            r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetGuid(4), r.GetFieldValue<DateTimeOffset>(5),
            r.GetFieldValue<DateTimeOffset>(6), r.IsDBNull(7) ? null : r.GetString(7)), cancellationToken);
    }

    /// <summary>Open and overdue tasks per unit and service, largest backlog first.</summary>
    public async Task<IReadOnlyList<BacklogRow>> BacklogAsync(Guid? unitId, CancellationToken cancellationToken = default)
    {
        await using var command = Command(
            "SELECT t.unit_id, u.name_vi, u.name_en, t.definition_name, count(*), count(*) FILTER (WHERE t.due_at < $2) " +
            "FROM workflow_tasks t JOIN units u ON u.id = t.unit_id WHERE t.status = 'Open' AND ($1::uuid IS NULL OR t.unit_id = $1) " +
            "GROUP BY t.unit_id, u.name_vi, u.name_en, t.definition_name ORDER BY count(*) DESC, u.name_vi LIMIT $3",
            unitId, clock.GetUtcNow(), Take);
        return await ReadAsync(command, r => new BacklogRow(
            r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), (int)r.GetInt64(4), (int)r.GetInt64(5)), cancellationToken);
    }

    /// <summary>True when the open incident exists and lies within the scope (checked before an operator acts on it).</summary>
    public async Task<bool> IncidentInScopeAsync(Guid incidentId, Guid? unitId, CancellationToken cancellationToken = default)
    {
        await using var command = Command(
            "SELECT 1 FROM workflow_incidents i JOIN workflow_instances w ON w.id = i.instance_id " +
            "WHERE i.id = $1 AND i.status = 'Open' AND ($2::uuid IS NULL OR w.unit_id = $2)", incidentId, unitId);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>True when the dead letter exists, is not discarded and lies within the scope.</summary>
    public async Task<bool> DeadLetterInScopeAsync(Guid messageId, Guid? unitId, CancellationToken cancellationToken = default)
    {
        await using var command = Command(
            "SELECT 1 FROM outbox_messages m LEFT JOIN workflow_instances w ON w.id = m.instance_id " +
            "WHERE m.id = $1 AND m.status = 'DeadLettered' AND NOT EXISTS (SELECT 1 FROM outbox_discards d WHERE d.message_id = m.id) " +
            "AND ($2::uuid IS NULL OR w.unit_id = $2)", messageId, unitId);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private NpgsqlCommand Command(string sql, params object?[] values)
    {
        var command = dataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(value switch
            {
                null => new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid },
                _ => new NpgsqlParameter { Value = value },
            });
        }

        return command;
    }

    private static async Task<IReadOnlyList<T>> ReadAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}

public sealed record OpenIncident(
    Guid Id, Guid InstanceId, string DefinitionName, string Correlation, Guid UnitId, string Step, string Error, int Attempts, DateTimeOffset CreatedAt);

public sealed record DeadLetter(
    Guid Id, string? Correlation, string Channel, string Recipient, string Subject, int Attempts, string? LastError, DateTimeOffset CreatedAt);

public sealed record LateTimer(Guid Id, string Correlation, string DefinitionName, string Kind, string Step, DateTimeOffset DueAt, int Attempt);

public sealed record TimerBacklog(int Due, int Late, IReadOnlyList<LateTimer> Oldest);

public sealed record StuckInstance(
    Guid InstanceId, string Correlation, string DefinitionName, string Step, Guid UnitId, DateTimeOffset EnteredAt, DateTimeOffset DueAt, string? AssigneeName);

public sealed record BacklogRow(Guid UnitId, string UnitNameVi, string UnitNameEn, string DefinitionName, int Open, int Overdue);
