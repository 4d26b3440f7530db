using Microsoft.EntityFrameworkCore;
using Npgsql;
using Services.Tests.Integration.Infrastructure;

namespace Services.Tests.Integration.Data;

/// <summary>
/// Migrations are hand-written SQL (docs/decisions/0002-sql-migrations.md). This compares the schema the migrations
/// build with the schema the EF model would build, column by column and constraint by constraint, so a model change
/// without its migration fails here.
/// </summary>
public sealed class MigrationsTests(TestDatabase migrated) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task MigrationsMatchTheModel()
    {
        var fromModelName = $"portal_model_{Guid.NewGuid():N}"[..28];
        var admin = TestDatabase.AdminConnectionString();
        await ExecuteAsync(admin, $"CREATE DATABASE {fromModelName}");
        try
        {
            var fromModel = new NpgsqlConnectionStringBuilder(admin) { Database = fromModelName }.ConnectionString;
            await using (var db = migrated.CreateContext())
            {
                await ExecuteAsync(fromModel, db.Database.GenerateCreateScript());
            }

            var expected = await DescribeAsync(fromModel);
            var actual = await DescribeAsync(migrated.ConnectionString);
            actual.RemoveWhere(line => line.Contains("__EFMigrationsHistory", StringComparison.Ordinal));

            var missing = expected.Except(actual).Order().ToList();
            var extra = actual.Except(expected).Order().ToList();
            Assert.True(missing.Count == 0 && extra.Count == 0,
                $"The migrations and the model disagree.\nIn the model, not in the migrations:\n  {string.Join("\n  ", missing)}\n" +
                $"In the migrations, not in the model:\n  {string.Join("\n  ", extra)}");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {fromModelName} WITH (FORCE)");
        }
    }

    [Fact]
    public async Task NoMigrationIsPending()
    {
        await using var db = migrated.CreateContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Tables, columns (type, nullability, default), constraints and indexes of the public schema, one line each.</summary>
    private static async Task<HashSet<string>> DescribeAsync(string connectionString)
    {
        const string sql = """
            SELECT 'table ' || table_name FROM information_schema.tables WHERE table_schema = 'public'
            UNION ALL
            SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '')
                   || ' ' || is_nullable || ' ' || coalesce(column_default, '') || ' ' || is_identity
            FROM information_schema.columns WHERE table_schema = 'public'
            UNION ALL
            SELECT 'constraint ' || rel.relname || '.' || con.conname || ' ' || pg_get_constraintdef(con.oid)
            FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid JOIN pg_namespace n ON n.oid = rel.relnamespace
            WHERE n.nspname = 'public'
            UNION ALL
            SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
            """;
        var lines = new HashSet<string>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return lines;
    }
}
