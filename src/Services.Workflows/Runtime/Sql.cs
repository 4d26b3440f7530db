using Npgsql;
using NpgsqlTypes;

namespace Services.Workflows.Runtime;

/// <summary>Small conveniences for the runtime's hand-written SQL: positional parameters, nulls, jsonb.</summary>
internal static class Sql
{
    public static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(Parameter(value));
        }

        return command;
    }

    public static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params object?[] values)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values)
        {
            command.Parameters.Add(Parameter(value));
        }

        return command;
    }

    public static NpgsqlCommand Command(NpgsqlDataSource dataSource, string sql, params object?[] values)
    {
        var command = dataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(Parameter(value));
        }

        return command;
    }

    private static NpgsqlParameter Parameter(object? value) => value switch
    {
        null => new NpgsqlParameter { Value = DBNull.Value },
        Jsonb json => new NpgsqlParameter { Value = json.Text, NpgsqlDbType = NpgsqlDbType.Jsonb },
        Enum e => new NpgsqlParameter { Value = e.ToString() },
        _ => new NpgsqlParameter { Value = value },
    };

    /// <summary>Marks a string parameter as jsonb.</summary>
    public sealed record Jsonb(string Text);
}
