using System.Text.Json;
using Npgsql;

namespace Services.Workflows.Exams;

/// <summary>What a results lookup finds: the exam's publication and, once published, the candidate's row.</summary>
public sealed record ExamResult(Guid ExamId, string ExamName, int Year, string Number, string FullName, DateOnly DateOfBirth, string School, string Room,
    IReadOnlyList<(string Subject, decimal? Score)> Scores);

/// <summary>An exam as the public lookup lists it.</summary>
public sealed record AnnouncedExam(Guid Id, string Name, int Year, DateTimeOffset PublishAt);

/// <summary>
/// The results read path (ADR 0014): one SQL statement on one row, through Npgsql without EF or any dossier table,
/// on the replica when <c>ConnectionStrings:PortalReplica</c> is set. The publication time is compared in the same
/// statement with the caller's clock, so results open at the announced minute on every node without a restart.
/// </summary>
public sealed class ExamResults(ExamReadSource source, TimeProvider clock)
{
    public async Task<IReadOnlyList<AnnouncedExam>> AnnouncedAsync(CancellationToken ct)
    {
        await using var command = source.DataSource.CreateCommand(
            "SELECT id, name, year, publish_at FROM exams WHERE publish_at IS NOT NULL ORDER BY publish_at DESC, name LIMIT 50");
        await using var reader = await command.ExecuteReaderAsync(ct);
        var exams = new List<AnnouncedExam>();
        while (await reader.ReadAsync(ct))
        {
            exams.Add(new AnnouncedExam(reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2), reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return exams;
    }

    /// <summary>Whether the exam's results are visible now, and the announced minute (null when none is set or no such exam).</summary>
    public async Task<(bool Published, DateTimeOffset? PublishAt)> PublicationAsync(Guid examId, CancellationToken ct)
    {
        await using var command = source.DataSource.CreateCommand("SELECT publish_at FROM exams WHERE id = $1");
        command.Parameters.AddWithValue(examId);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SingleRow, ct);
        var at = await reader.ReadAsync(ct) && !reader.IsDBNull(0) ? reader.GetFieldValue<DateTimeOffset>(0) : (DateTimeOffset?)null;
        return (at is { } published && published <= clock.GetUtcNow(), at);
    }

    /// <summary>The candidate's result when the exam is published and the number exists; the caller checks the date of birth.</summary>
    public async Task<ExamResult?> FindAsync(Guid examId, string number, CancellationToken ct)
    {
        await using var command = source.DataSource.CreateCommand(
            """
            SELECT e.name, e.year, e.subjects::text, c.full_name, c.date_of_birth, c.school, c.room, c.scores::text
            FROM exam_candidates c JOIN exams e ON e.id = c.exam_id
            WHERE c.exam_id = $1 AND c.number = $2 AND e.publish_at <= $3
            """);
        command.Parameters.AddWithValue(examId);
        command.Parameters.AddWithValue(number);
        command.Parameters.AddWithValue(clock.GetUtcNow());
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SingleRow, ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        var subjects = JsonSerializer.Deserialize<string[]>(reader.GetString(2)) ?? [];
        var scores = JsonSerializer.Deserialize<Dictionary<string, decimal>>(reader.GetString(7)) ?? [];
        return new ExamResult(examId, reader.GetString(0), reader.GetInt32(1), number, reader.GetString(3), reader.GetFieldValue<DateOnly>(4),
            reader.GetString(5), reader.GetString(6), [.. subjects.Select(s => (s, scores.TryGetValue(s, out var v) ? v : (decimal?)null))]);
    }
}

/// <summary>Where the results read path reads: the replica when one is configured, else the primary's data source.</summary>
public sealed class ExamReadSource(NpgsqlDataSource dataSource)
{
    public NpgsqlDataSource DataSource { get; } = dataSource;
}
