using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Services.Workflows.Exams;

/// <summary>
/// Writes a checked exam file in one transaction: candidates are matched by (exam, candidate number), so importing a
/// corrected file again updates the rows it changes and adds none twice. A file with any problem writes nothing.
/// Candidates absent from a file are kept: schools may send their own files (ADR 0014). This node's lookups see the
/// import at once, other nodes' within <see cref="AnnouncedExamsCache.Lifetime"/> (ADR 0037).
/// </summary>
public sealed class ExamImporter(NpgsqlDataSource dataSource, TimeProvider clock, AnnouncedExamsCache announced)
{
    /// <param name="progress">Receives 0–1: the first half is reading the file, the second writing it.</param>
    public async Task<ImportReport> ImportAsync(Guid examId, Stream file, IProgress<double>? progress, CancellationToken ct)
    {
        var parsed = ExamFile.Read(file, progress is null ? null : new InlineProgress(p => progress.Report(p / 2)));
        if (parsed.ProblemCount > 0)
        {
            return new ImportReport(0, 0, 0, parsed.Problems);
        }

        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var subjects = new NpgsqlCommand(
            """
            UPDATE exams SET subjects = subjects || coalesce((
                SELECT jsonb_agg(s ORDER BY o) FROM jsonb_array_elements_text(@subjects) WITH ORDINALITY AS n(s, o)
                WHERE NOT subjects ? s), '[]'::jsonb)
            WHERE id = @exam
            """, connection, transaction))
        {
            subjects.Parameters.AddWithValue("exam", examId);
            subjects.Parameters.AddWithValue("subjects", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(parsed.Subjects));
            if (await subjects.ExecuteNonQueryAsync(ct) != 1)
            {
                throw new InvalidOperationException($"No exam {examId}.");
            }
        }

        await using (var create = new NpgsqlCommand(
            "CREATE TEMP TABLE imported_candidates (number text, full_name text, date_of_birth date, school text, room text, scores jsonb) ON COMMIT DROP",
            connection, transaction))
        {
            await create.ExecuteNonQueryAsync(ct);
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY imported_candidates (number, full_name, date_of_birth, school, room, scores) FROM STDIN (FORMAT BINARY)", ct))
        {
            var written = 0;
            foreach (var line in parsed.Lines)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(line.Number, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(line.FullName, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(line.DateOfBirth, NpgsqlDbType.Date, ct);
                await copy.WriteAsync(line.School, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(line.Room, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(JsonSerializer.Serialize(line.Scores), NpgsqlDbType.Jsonb, ct);
                if (++written % 5000 == 0)
                {
                    progress?.Report(0.5 + (0.4 * written / parsed.Lines.Count));
                }
            }

            await copy.CompleteAsync(ct);
        }

        int inserted = 0, updated = 0;
        await using (var upsert = new NpgsqlCommand(
            """
            INSERT INTO exam_candidates (id, exam_id, number, full_name, date_of_birth, school, room, scores, updated_at)
            SELECT gen_random_uuid(), @exam, number, full_name, date_of_birth, school, room, scores, @now FROM imported_candidates
            ON CONFLICT (exam_id, number) DO UPDATE
                SET full_name = excluded.full_name, date_of_birth = excluded.date_of_birth, school = excluded.school,
                    room = excluded.room, scores = excluded.scores, updated_at = excluded.updated_at
                WHERE (exam_candidates.full_name, exam_candidates.date_of_birth, exam_candidates.school, exam_candidates.room, exam_candidates.scores)
                      IS DISTINCT FROM (excluded.full_name, excluded.date_of_birth, excluded.school, excluded.room, excluded.scores)
            RETURNING (xmax = 0)
            """, connection, transaction))
        {
            upsert.Parameters.AddWithValue("exam", examId);
            upsert.Parameters.AddWithValue("now", now);
            await using var reader = await upsert.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                if (reader.GetBoolean(0))
                {
                    inserted++;
                }
                else
                {
                    updated++;
                }
            }
        }

        await transaction.CommitAsync(ct);
        announced.Forget();
        progress?.Report(1);
        return new ImportReport(parsed.Lines.Count, inserted, updated, []);
    }
}
