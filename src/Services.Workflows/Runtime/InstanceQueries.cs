using System.Text.Json.Nodes;
using Npgsql;
using Services.Data.Workflows;

namespace Services.Workflows.Runtime;

/// <summary>Reads instances (lists never load the state), their journal, and their diagram with the path taken.</summary>
public sealed class InstanceQueries(NpgsqlDataSource dataSource, WorkflowRegistry registry)
{
    private const string SummaryColumns = "id, definition_name, definition_version, status, current_step, unit_id, correlation, row_version, created_at, updated_at, completed_at";

    public async Task<IReadOnlyList<InstanceSummary>> ListAsync(Guid unitId, WorkflowStatus? status = null, string? definition = null, int skip = 0, int take = 50,
        CancellationToken cancellationToken = default)
    {
        await using var command = Sql.Command(dataSource,
            $"SELECT {SummaryColumns} FROM workflow_instances WHERE unit_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR definition_name = $3) " +
            "ORDER BY created_at DESC LIMIT $4 OFFSET $5", unitId, status, definition, take, skip);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<InstanceSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(ReadSummary(reader));
        }

        return list;
    }

    public async Task<InstanceDetails?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        await GetWhereAsync("id = $1", id, cancellationToken);

    public async Task<InstanceDetails?> FindByCorrelationAsync(string correlation, CancellationToken cancellationToken = default) =>
        await GetWhereAsync("correlation = $1", correlation, cancellationToken);

    /// <summary>The child workflows started from the instance's steps, oldest first.</summary>
    public async Task<IReadOnlyList<InstanceSummary>> ChildrenAsync(Guid parentId, CancellationToken cancellationToken = default)
    {
        await using var command = Sql.Command(dataSource,
            $"SELECT {SummaryColumns} FROM workflow_instances WHERE parent_instance_id = $1 ORDER BY created_at, id", parentId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var children = new List<InstanceSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            children.Add(ReadSummary(reader));
        }

        return children;
    }

    /// <summary>The journal's columns in the order <see cref="ReadJournalEntry"/> reads them.</summary>
    internal const string JournalColumns = "id, instance_id, seq, event_id, action, actor_user_id, actor_name, actor_role, actor_unit_id, actor_ip, " +
        "step_before, step_after, payload_sha256, occurred_at, prev_hash, hash, payload";

    public async Task<IReadOnlyList<JournalEntry>> JournalAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        await using var command = Sql.Command(dataSource, $"SELECT {JournalColumns} FROM workflow_journal WHERE instance_id = $1 ORDER BY seq", instanceId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<JournalEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(ReadJournalEntry(reader));
        }

        return entries;
    }

    internal static JournalEntry ReadJournalEntry(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        InstanceId = reader.GetGuid(1),
        Seq = reader.GetInt32(2),
        EventId = reader.GetString(3),
        Action = reader.GetString(4),
        ActorUserId = reader.IsDBNull(5) ? null : reader.GetGuid(5),
        ActorName = reader.GetString(6),
        ActorRole = reader.IsDBNull(7) ? null : reader.GetString(7),
        ActorUnitId = reader.IsDBNull(8) ? null : reader.GetGuid(8),
        ActorIp = reader.IsDBNull(9) ? null : reader.GetString(9),
        StepBefore = reader.IsDBNull(10) ? null : reader.GetString(10),
        StepAfter = reader.IsDBNull(11) ? null : reader.GetString(11),
        PayloadSha256 = reader.GetString(12),
        OccurredAt = reader.GetFieldValue<DateTimeOffset>(13),
        PrevHash = reader.GetString(14),
        Hash = reader.GetString(15),
        Payload = reader.IsDBNull(16) ? null : reader.GetString(16),
    };

    /// <summary>The steps an instance went through, in order, from its journal.</summary>
    public static IReadOnlyList<string> PathOf(IEnumerable<JournalEntry> journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        var path = new List<string>();
        foreach (var entry in journal.OrderBy(e => e.Seq))
        {
            if (entry.StepAfter is { } step && (path.Count == 0 || path[^1] != step))
            {
                path.Add(step);
            }
        }

        return path;
    }

    /// <summary>The instance's definition version as a mermaid flowchart with its path so far highlighted.</summary>
    public async Task<string> DiagramAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        var instance = await GetAsync(instanceId, cancellationToken) ?? throw new WorkflowInstanceNotFoundException(instanceId.ToString());
        var journal = await JournalAsync(instanceId, cancellationToken);
        return MermaidDiagram.Render(registry.Get(instance.Summary.DefinitionName, instance.Summary.DefinitionVersion), PathOf(journal));
    }

    private async Task<InstanceDetails?> GetWhereAsync(string condition, object key, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(dataSource, $"SELECT {SummaryColumns}, state::text FROM workflow_instances WHERE {condition}", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new InstanceDetails(ReadSummary(reader), JsonNode.Parse(reader.GetString(11))?.AsObject() ?? []);
    }

    private static InstanceSummary ReadSummary(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetString(1), r.GetInt32(2), Enum.Parse<WorkflowStatus>(r.GetString(3)), r.GetString(4), r.GetGuid(5), r.GetString(6), r.GetInt32(7),
        r.GetFieldValue<DateTimeOffset>(8), r.GetFieldValue<DateTimeOffset>(9), r.IsDBNull(10) ? null : r.GetFieldValue<DateTimeOffset>(10));
}

public sealed record InstanceSummary(
    Guid Id,
    string DefinitionName,
    int DefinitionVersion,
    WorkflowStatus Status,
    string CurrentStep,
    Guid UnitId,
    string Correlation,
    int RowVersion,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt);

public sealed record InstanceDetails(InstanceSummary Summary, JsonObject State);
