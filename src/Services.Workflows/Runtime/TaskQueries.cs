using System.Globalization;
using System.Text;
using Npgsql;
using Services.Data.Identity;
using Services.Data.Workflows;

namespace Services.Workflows.Runtime;

/// <summary>The staff work queue (a view over tasks): tasks of given units and roles, and the open / due today / overdue counts.</summary>
public sealed class TaskQueries(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private const string Columns =
        "t.id, t.instance_id, t.definition_name, t.correlation, t.step, t.unit_id, t.role, t.status, t.assignee_id, t.assignee_name, t.created_at, t.due_at, " +
        "t.outcome, t.comment, t.decided_by_name, t.decided_at";

    public async Task<IReadOnlyList<TaskSummary>> ListAsync(TaskQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var now = clock.GetUtcNow();
        var sql = new StringBuilder($"SELECT {Columns} FROM workflow_tasks t WHERE t.unit_id = ANY($1) AND t.role = ANY($2) AND t.status = $3");
        var values = new List<object?> { query.UnitIds.ToArray(), query.Roles.Select(r => r.ToString()).ToArray(), query.Status };
        void Where(string condition, object? value)
        {
            values.Add(value);
            sql.Append(" AND ").Append(condition.Replace("$?", "$" + values.Count.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }

        if (query.Definition is { } definition)
        {
            Where("t.definition_name = $?", definition);
        }

        if (query.Step is { } step)
        {
            Where("t.step = $?", step);
        }

        if (query.AssigneeId is { } assignee)
        {
            Where("t.assignee_id = $?", assignee);
        }

        if (query.OnlyUnassigned)
        {
            sql.Append(" AND t.assignee_id IS NULL");
        }

        var (todayStart, todayEnd) = Today(now);
        switch (query.Due)
        {
            case DueFilter.Overdue:
                Where("t.due_at < $?", now);
                break;
            case DueFilter.DueToday:
                Where("t.due_at >= $?", todayStart);
                Where("t.due_at < $?", todayEnd);
                break;
            case DueFilter.NotOverdue:
                Where("t.due_at >= $?", now);
                break;
            case DueFilter.Any:
                break;
        }

        values.Add(query.Take);
        values.Add(query.Skip);
        sql.Append(" ORDER BY t.due_at, t.id LIMIT $" + (values.Count - 1).ToString(CultureInfo.InvariantCulture) + " OFFSET $" + values.Count.ToString(CultureInfo.InvariantCulture));
        await using var command = Sql.Command(dataSource, sql.ToString(), [.. values]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var tasks = new List<TaskSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            tasks.Add(Read(reader));
        }

        return tasks;
    }

    public async Task<TaskSummary?> GetAsync(Guid taskId, CancellationToken cancellationToken = default)
    {
        await using var command = Sql.Command(dataSource, $"SELECT {Columns} FROM workflow_tasks t WHERE t.id = $1", taskId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>Open tasks of an instance (usually one: the step it waits in).</summary>
    public async Task<IReadOnlyList<TaskSummary>> ForInstanceAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        await using var command = Sql.Command(dataSource, $"SELECT {Columns} FROM workflow_tasks t WHERE t.instance_id = $1 ORDER BY t.created_at", instanceId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var tasks = new List<TaskSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            tasks.Add(Read(reader));
        }

        return tasks;
    }

    /// <summary>Open tasks of a unit (optionally of some roles): all, due today (Vietnam time), overdue.</summary>
    public async Task<QueueCounts> CountsAsync(Guid unitId, IReadOnlyCollection<PortalRole>? roles = null, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var (todayStart, todayEnd) = Today(now);
        await using var command = Sql.Command(dataSource,
            "SELECT count(*), count(*) FILTER (WHERE due_at >= $3 AND due_at < $4), count(*) FILTER (WHERE due_at < $5) " +
            "FROM workflow_tasks WHERE unit_id = $1 AND status = 'Open' AND ($2::text[] IS NULL OR role = ANY($2))",
            unitId, roles?.Select(r => r.ToString()).ToArray(), todayStart, todayEnd, now);
        command.Parameters[1].NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new QueueCounts((int)reader.GetInt64(0), (int)reader.GetInt64(1), (int)reader.GetInt64(2));
    }

    private static (DateTimeOffset Start, DateTimeOffset End) Today(DateTimeOffset now)
    {
        var today = WorkingCalendar.LocalDate(now);
        return (WorkingCalendar.At(today, TimeOnly.MinValue), WorkingCalendar.At(today.AddDays(1), TimeOnly.MinValue));
    }

    private static TaskSummary Read(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetGuid(5), Enum.Parse<PortalRole>(r.GetString(6)),
        Enum.Parse<HumanTaskStatus>(r.GetString(7)), r.IsDBNull(8) ? null : r.GetGuid(8), r.IsDBNull(9) ? null : r.GetString(9),
        r.GetFieldValue<DateTimeOffset>(10), r.GetFieldValue<DateTimeOffset>(11), r.IsDBNull(12) ? null : r.GetString(12),
        r.IsDBNull(13) ? null : r.GetString(13), r.IsDBNull(14) ? null : r.GetString(14), r.IsDBNull(15) ? null : r.GetFieldValue<DateTimeOffset>(15));
}

public enum DueFilter
{
    Any,
    DueToday,
    Overdue,
    NotOverdue,
}

public sealed record TaskQuery(IReadOnlyCollection<Guid> UnitIds, IReadOnlyCollection<PortalRole> Roles)
{
    public HumanTaskStatus Status { get; init; } = HumanTaskStatus.Open;
    public string? Definition { get; init; }
    public string? Step { get; init; }
    public DueFilter Due { get; init; }
    public Guid? AssigneeId { get; init; }
    public bool OnlyUnassigned { get; init; }
    public int Skip { get; init; }
    public int Take { get; init; } = 50;
}

public sealed record TaskSummary(
    Guid Id,
    Guid InstanceId,
    string DefinitionName,
    string Correlation,
    string Step,
    Guid UnitId,
    PortalRole Role,
    HumanTaskStatus Status,
    Guid? AssigneeId,
    string? AssigneeName,
    DateTimeOffset CreatedAt,
    DateTimeOffset DueAt,
    string? Outcome,
    string? Comment,
    string? DecidedByName,
    DateTimeOffset? DecidedAt);

public sealed record QueueCounts(int Open, int DueToday, int Overdue);
