using System.Data;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Services.Workflows.Exams;

/// <summary>
/// One published exam's results held in this node's memory (ADR 0037): what <see cref="ExamResults.FindAsync"/>
/// answers from the database, read in one repeatable-read transaction at results version <see cref="Version"/>.
/// </summary>
public sealed class ExamResultsSnapshot
{
    private readonly string[] _subjects;
    private readonly PackedCandidates _candidates;
    private readonly Dictionary<string, IReadOnlyList<ScoreChange>> _history;

    private ExamResultsSnapshot(Guid examId, long version, DateTimeOffset publishAt, string name, int year, string[] subjects,
        DateTimeOffset? regradeUntil, int regradeFee, PackedCandidates candidates, Dictionary<string, IReadOnlyList<ScoreChange>> history, long historyBytes)
    {
        ExamId = examId;
        Version = version;
        PublishAt = publishAt;
        Name = name;
        Year = year;
        _subjects = subjects;
        RegradeUntil = regradeUntil;
        RegradeFee = regradeFee;
        _candidates = candidates;
        _history = history;
        Bytes = candidates.Bytes + historyBytes;
    }

    public Guid ExamId { get; }

    /// <summary>The exam's results version when it was read (its count of <c>exam_result_changes</c>).</summary>
    public long Version { get; }

    /// <summary>The publication minute it was read with; it was read only once that minute had passed.</summary>
    public DateTimeOffset PublishAt { get; }

    public string Name { get; }
    public int Year { get; }
    public DateTimeOffset? RegradeUntil { get; }
    public int RegradeFee { get; }
    public int Candidates => _candidates.Count;

    /// <summary>Roughly what it holds in memory.</summary>
    public long Bytes { get; }

    /// <summary>The candidate's result, as the SQL path builds it, or null when no candidate has that number.</summary>
    public ExamResult? Find(string number)
    {
        if (_candidates.Find(number) is not { } candidate)
        {
            return null;
        }

        return new ExamResult(ExamId, Name, Year, number, candidate.FullName, candidate.DateOfBirth, candidate.School, candidate.Room,
            [.. _subjects.Select((s, i) => (s, candidate.Scores[i]))])
        {
            RegradeUntil = RegradeUntil,
            RegradeFee = RegradeFee,
            History = _history.TryGetValue(number, out var history) ? history : [],
        };
    }

    /// <summary>
    /// Reads the exam's results when it is published by <paramref name="now"/>, streaming the candidates into the packed
    /// store. Declines (with the reason, for the log) an exam not published, one holding a score the store cannot
    /// keep exactly, or one that would need more than <paramref name="budget"/> bytes: those stay on the SQL path.
    /// </summary>
    public static async Task<(ExamResultsSnapshot? Snapshot, string Declined)> LoadAsync(NpgsqlDataSource dataSource, Guid examId, DateTimeOffset now,
        long budget, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        long version;
        DateTimeOffset publishAt;
        string name;
        int year, fee, count;
        string[] subjects;
        DateTimeOffset? regradeUntil;
        await using (var exam = new NpgsqlCommand(
            """
            SELECT e.name, e.year, e.subjects::text, e.regrade_until, e.regrade_fee, e.publish_at,
                   (SELECT count(*) FROM exam_result_changes r WHERE r.exam_id = e.id), (SELECT count(*)::int FROM exam_candidates c WHERE c.exam_id = e.id)
            FROM exams e WHERE e.id = $1 AND e.publish_at <= $2
            """, connection, transaction))
        {
            exam.Parameters.AddWithValue(examId);
            exam.Parameters.AddWithValue(now);
            await using var reader = await exam.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                return (null, "not published");
            }

            name = reader.GetString(0);
            year = reader.GetInt32(1);
            subjects = JsonSerializer.Deserialize<string[]>(reader.GetString(2)) ?? [];
            regradeUntil = reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3);
            fee = reader.GetInt32(4);
            publishAt = reader.GetFieldValue<DateTimeOffset>(5);
            version = reader.GetInt64(6);
            count = reader.GetInt32(7);
        }

        if (subjects.Distinct(StringComparer.Ordinal).Count() != subjects.Length)
        {
            // The import never lists a subject twice; the SQL path would show its score under each.
            return (null, "a subject listed twice");
        }

        var builder = new PackedCandidates.Builder(subjects.Length, count);
        var subjectNames = subjects.Select(Encoding.UTF8.GetBytes).ToArray();
        var scores = new ushort[subjects.Length];
        var json = new byte[1024];
        await using (var candidates = new NpgsqlCommand(
            "SELECT number, full_name, date_of_birth, school, room, scores::text FROM exam_candidates WHERE exam_id = $1", connection, transaction))
        {
            candidates.Parameters.AddWithValue(examId);
            await using var reader = await candidates.ExecuteReaderAsync(ct);
            var read = 0;
            while (await reader.ReadAsync(ct))
            {
                var text = reader.GetString(5);
                if (Encoding.UTF8.GetMaxByteCount(text.Length) > json.Length)
                {
                    json = new byte[Encoding.UTF8.GetMaxByteCount(text.Length)];
                }

                if (!TryReadScores(json.AsSpan(0, Encoding.UTF8.GetBytes(text, json)), subjectNames, scores))
                {
                    return (null, "a score the snapshot cannot hold exactly");
                }

                builder.Add(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateOnly>(2), reader.GetString(3), reader.GetString(4), scores);
                if (++read % 4096 == 0 && builder.Bytes > budget)
                {
                    return (null, "over the memory budget");
                }
            }
        }

        var history = new Dictionary<string, IReadOnlyList<ScoreChange>>(StringComparer.Ordinal);
        long historyBytes = 0;
        await using (var changes = new NpgsqlCommand(
            $"SELECT number, {ExamResults.HistorySql} FROM exam_score_changes s WHERE s.exam_id = $1 GROUP BY number", connection, transaction))
        {
            changes.Parameters.AddWithValue(examId);
            await using var reader = await changes.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var lines = ExamResults.ReadHistory(reader.GetString(1));
                history[reader.GetString(0)] = lines;
                historyBytes += 64 + (lines.Count * 160L);
            }
        }

        await transaction.CommitAsync(ct);
        var snapshot = new ExamResultsSnapshot(examId, version, publishAt, name, year, subjects, regradeUntil, fee, builder.Build(), history, historyBytes);
        return snapshot.Bytes > budget ? (null, "over the memory budget") : (snapshot, "");
    }

    /// <summary>
    /// The row's scores (jsonb as text) packed in the exam's subject order, read as the SQL path reads them. False when
    /// the SQL path would fail on them (not an object of numbers) or a score is not one a <see cref="PackedScore"/> holds.
    /// </summary>
    private static bool TryReadScores(ReadOnlySpan<byte> json, byte[][] subjects, Span<ushort> scores)
    {
        scores.Fill(PackedScore.None);
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var subject = -1;
            for (var i = 0; i < subjects.Length && subject < 0; i++)
            {
                subject = reader.ValueTextEquals(subjects[i]) ? i : -1;
            }

            if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetDecimal(out var score))
            {
                return false;
            }

            if (subject >= 0 && !PackedScore.TryPack(score, out scores[subject]))
            {
                return false;
            }
        }

        return reader.TokenType == JsonTokenType.EndObject;
    }
}
