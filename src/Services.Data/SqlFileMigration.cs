using System.Reflection;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Services.Data;

/// <summary>
/// A migration whose body is the embedded SQL file named after its <see cref="MigrationAttribute"/> id.
/// Migrations only go forward; a faulty one is corrected by the next.
/// </summary>
public abstract class SqlFileMigration : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var id = GetType().GetCustomAttribute<MigrationAttribute>()?.Id
            ?? throw new InvalidOperationException($"{GetType().Name} has no [Migration] attribute.");
        var assembly = typeof(SqlFileMigration).Assembly;
        var resource = assembly.GetManifestResourceNames().SingleOrDefault(n => n.EndsWith($".Migrations.{id}.sql", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"Migration {id} has no embedded SQL file Migrations/{id}.sql.");
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        migrationBuilder.Sql(reader.ReadToEnd());
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("Migrations only go forward; write a new migration to undo a change.");
}
