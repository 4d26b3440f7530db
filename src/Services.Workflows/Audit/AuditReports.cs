using System.Globalization;
using Npgsql;
using Services.Workflows.Runtime;

namespace Services.Workflows.Audit;

/// <summary>Someone who acted on an instance of the auditor's units (staff, by account).</summary>
public sealed record AuditPerson(Guid UserId, string Name);

/// <summary>One thing a person did: a journal entry on an instance of the auditor's units.</summary>
public sealed record PersonAction(Guid InstanceId, string Correlation, string DefinitionName, Guid UnitId, int Seq, string EventId, string Action, string? Role,
    string? StepBefore, string? StepAfter, string? Ip, DateTimeOffset OccurredAt);

/// <summary>A person's work in a period: how many entries in all, per instance touched, and the newest ones (at most <see cref="AuditReports.ActionLimit"/>).</summary>
public sealed record PersonReport(int Entries, int Instances, IReadOnlyList<PersonAction> Actions);

/// <summary>
/// The service-level figures of one service in one unit over a period: human steps counted, those finished (or still
/// open) within their due time, and the delays of the late ones. Delays are whole seconds.
/// </summary>
public sealed record SlaFigures(Guid UnitId, string Service, string? TitleVi, string? TitleEn, int Steps, int OnTime, double? MedianLateSeconds,
    double? WorstLateSeconds)
{
    public int Late => Steps - OnTime;

    /// <summary>Share on time, 0–100, rounded down so that "100 %" is only ever said when nothing was late.</summary>
    public int OnTimePercent => Steps == 0 ? 100 : (int)Math.Floor(OnTime * 100.0 / Steps);

    public string Title(bool english) => (english ? TitleEn : TitleVi) ?? Service;
}

/// <summary>
/// The auditors' reports over the units they audit: what one member of staff did in a period ("who did what") and
/// the service-level statistics of every unit and service. Reading only, every filter in SQL.
/// </summary>
public sealed class AuditReports(NpgsqlDataSource dataSource, TimeProvider clock)
{
    public const int ActionLimit = 500;

    /// <summary>Everyone with an account who has acted on an instance of the scope, by name.</summary>
    public async Task<IReadOnlyList<AuditPerson>> PeopleAsync(IReadOnlyCollection<Guid> scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var command = Sql.Command(dataSource,
            "SELECT j.actor_user_id, min(j.actor_name) FROM workflow_journal j JOIN workflow_instances i ON i.id = j.instance_id " +
            "WHERE i.unit_id = ANY($1) AND j.actor_user_id IS NOT NULL GROUP BY j.actor_user_id ORDER BY 2 LIMIT 1000",
            scope.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var people = new List<AuditPerson>();
        while (await reader.ReadAsync(cancellationToken))
        {
            people.Add(new AuditPerson(reader.GetGuid(0), reader.GetString(1)));
        }

        return people;
    }

    /// <summary>What <paramref name="userId"/> did on the scope's instances in [from, until), newest first.</summary>
    public async Task<PersonReport> PersonAsync(IReadOnlyCollection<Guid> scope, Guid userId, DateTimeOffset from, DateTimeOffset until,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        const string Where =
            "FROM workflow_journal j JOIN workflow_instances i ON i.id = j.instance_id " +
            "WHERE i.unit_id = ANY($1) AND j.actor_user_id = $2 AND j.occurred_at >= $3 AND j.occurred_at < $4 ";
        object?[] filters = [scope.ToArray(), userId, from, until];
        int entries, instances;
        await using (var count = Sql.Command(dataSource, "SELECT count(*), count(DISTINCT j.instance_id) " + Where, filters))
        await using (var reader = await count.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            entries = (int)reader.GetInt64(0);
            instances = (int)reader.GetInt64(1);
        }

        var actions = new List<PersonAction>();
        await using (var command = Sql.Command(dataSource,
            "SELECT j.instance_id, i.correlation, i.definition_name, i.unit_id, j.seq, j.event_id, j.action, j.actor_role, j.step_before, j.step_after, j.actor_ip, " +
            "j.occurred_at " + Where + "ORDER BY j.occurred_at DESC, j.id DESC LIMIT $5", [.. filters, ActionLimit]))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                actions.Add(new PersonAction(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetGuid(3), reader.GetInt32(4),
                    reader.GetString(5), reader.GetString(6), Text(reader, 7), Text(reader, 8), Text(reader, 9), Text(reader, 10),
                    reader.GetFieldValue<DateTimeOffset>(11)));
            }
        }

        return new PersonReport(entries, instances, actions);
    }

    /// <summary>
    /// Per unit and service, the human steps created in [from, until): a decided step is on time when decided by its due
    /// time, an open one while its due time is still ahead; cancelled steps (left by a timer or a cancellation) are not
    /// counted. The median and worst delay are those of the late steps.
    /// </summary>
    public async Task<IReadOnlyList<SlaFigures>> SlaAsync(IReadOnlyCollection<Guid> scope, DateTimeOffset from, DateTimeOffset until,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var command = Sql.Command(dataSource,
            "WITH steps AS (" +
            "  SELECT t.unit_id, coalesce(d.service_key, t.definition_name) AS service, d.service_title_vi, d.service_title_en, " +
            "         extract(epoch FROM (CASE WHEN t.status = 'Decided' THEN coalesce(t.decided_at, t.due_at) ELSE $4 END) - t.due_at) AS late " +
            "  FROM workflow_tasks t LEFT JOIN dossiers d ON d.tracking_code = t.correlation " +
            "  WHERE t.unit_id = ANY($1) AND t.created_at >= $2 AND t.created_at < $3 AND t.status <> 'Cancelled') " +
            "SELECT unit_id, service, min(service_title_vi), min(service_title_en), count(*), count(*) FILTER (WHERE late <= 0), " +
            "       percentile_cont(0.5) WITHIN GROUP (ORDER BY late) FILTER (WHERE late > 0), max(late) FILTER (WHERE late > 0) " +
            "FROM steps GROUP BY unit_id, service ORDER BY unit_id, service",
            scope.ToArray(), from, until, clock.GetUtcNow());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var figures = new List<SlaFigures>();
        while (await reader.ReadAsync(cancellationToken))
        {
            figures.Add(new SlaFigures(reader.GetGuid(0), reader.GetString(1), Text(reader, 2), Text(reader, 3), (int)reader.GetInt64(4),
                (int)reader.GetInt64(5), Number(reader, 6), Number(reader, 7)));
        }

        return figures;
    }

    /// <summary>A delay as Vietnamese readers write it: "2 ngày 3 giờ", "5 giờ 10 phút", "12 phút".</summary>
    public static string Delay(double seconds, bool english)
    {
        var span = TimeSpan.FromSeconds(Math.Max(0, seconds));
        var (day, hour, minute) = english ? ("d", "h", "min") : ("ngày", "giờ", "phút");
        var c = CultureInfo.InvariantCulture;
        return span.TotalDays >= 1 ? $"{((int)span.TotalDays).ToString(c)} {day} {span.Hours.ToString(c)} {hour}"
            : span.TotalHours >= 1 ? $"{span.Hours.ToString(c)} {hour} {span.Minutes.ToString(c)} {minute}"
            : $"{Math.Max(1, span.Minutes).ToString(c)} {minute}";
    }

    private static string? Text(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    private static double? Number(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetDouble(column);
}
