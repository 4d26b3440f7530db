using System.Text.Json.Nodes;
using Npgsql;
using Services.Data.Workflows;

namespace Services.Workflows.Runtime;

/// <summary>An instance row as read (and locked) at the start of a change.</summary>
internal sealed record InstanceSnapshot(
    Guid Id,
    string DefinitionName,
    int Version,
    WorkflowStatus Status,
    string CurrentStep,
    Guid UnitId,
    string Correlation,
    JsonObject State,
    int RowVersion,
    int JournalSeq,
    string LastJournalHash,
    Guid? ParentInstanceId = null,
    string? ParentStep = null)
{
    public const string Columns =
        "id, definition_name, definition_version, status, current_step, unit_id, correlation, state::text, row_version, journal_seq, last_journal_hash, parent_instance_id, parent_step";

    public static InstanceSnapshot Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetString(1),
        reader.GetInt32(2),
        Enum.Parse<WorkflowStatus>(reader.GetString(3)),
        reader.GetString(4),
        reader.GetGuid(5),
        reader.GetString(6),
        JsonNode.Parse(reader.GetString(7))?.AsObject() ?? [],
        reader.GetInt32(8),
        reader.GetInt32(9),
        reader.GetString(10),
        reader.IsDBNull(11) ? null : reader.GetGuid(11),
        reader.IsDBNull(12) ? null : reader.GetString(12));
}
