using Npgsql;

namespace Services.Data;

/// <summary>
/// What the application's database role may do, granted by the schema owner after every migration so new tables
/// are covered: read and write every table, except append-only tables (those guarded by
/// <c>refuse_change_append_only</c>), which it may only read and append to, and the migration history, which it may
/// only read. Not being the owner, the role cannot disable a trigger or alter a table either.
/// </summary>
public static class AppRoleRights
{
    /// <summary>Grants <paramref name="appRole"/> its rights; nothing to do when the app connects as the owner itself.</summary>
    public static async Task GrantAsync(NpgsqlDataSource owner, string appRole, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentException.ThrowIfNullOrWhiteSpace(appRole);
        await using var connection = await owner.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        string role;
        await using (var who = new NpgsqlCommand("SELECT current_user = $1, quote_ident($1)", connection, transaction) { Parameters = { new() { Value = appRole } } })
        await using (var reader = await who.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            if (reader.GetBoolean(0))
            {
                return;
            }

            role = reader.GetString(1);
        }

        var appendOnly = new List<string>();
        await using (var tables = new NpgsqlCommand(
            "SELECT DISTINCT quote_ident(c.relname) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid " +
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE p.proname = 'refuse_change_append_only' AND n.nspname = 'public' ORDER BY 1",
            connection, transaction))
        await using (var reader = await tables.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                appendOnly.Add(reader.GetString(0));
            }
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var sql in Statements(role, appendOnly))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(sql));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static IEnumerable<string> Statements(string role, IReadOnlyList<string> appendOnly)
    {
        yield return $"GRANT USAGE ON SCHEMA public TO {role}";
        yield return $"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}";
        yield return $"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM {role}";
        yield return $"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}";
        yield return $"REVOKE INSERT, UPDATE, DELETE ON \"__EFMigrationsHistory\" FROM {role}";
        foreach (var table in appendOnly)
        {
            yield return $"REVOKE UPDATE, DELETE ON {table} FROM {role}";
        }
    }
}
