using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;

namespace Services.Workflows.Exams;

/// <summary>
/// What a results lookup finds: the exam's publication and, once published, the candidate's row, the scores changed
/// by re-grading (oldest first) and until when the exam takes re-grading requests.
/// </summary>
public sealed record ExamResult(Guid ExamId, string ExamName, int Year, string Number, string FullName, DateOnly DateOfBirth, string School, string Room,
    IReadOnlyList<(string Subject, decimal? Score)> Scores)
{
    public IReadOnlyList<ScoreChange> History { get; init; } = [];
    public DateTimeOffset? RegradeUntil { get; init; }
    public int RegradeFee { get; init; }

    /// <summary>The score a subject had before its first change, when it changed.</summary>
    public decimal? ScoreBefore(string subject) => History.FirstOrDefault(h => h.Subject == subject)?.OldScore;

    public bool TakesRegrades(DateTimeOffset now) => RegradeUntil is { } until && now <= until;
}

/// <summary>One changed score, as the candidate sees it.</summary>
public sealed record ScoreChange(DateTimeOffset ChangedAt, string Subject, decimal? OldScore, decimal NewScore, string TrackingCode);

/// <summary>An exam as the public lookup lists it.</summary>
public sealed record AnnouncedExam(Guid Id, string Name, int Year, DateTimeOffset PublishAt);

/// <summary>
/// The results read path (ADR 0014): one SQL statement on one row, through Npgsql without EF or any dossier table,
/// on the replica when <c>ConnectionStrings:PortalReplica</c> is set. The exam list and publication minutes come from
/// the node's <see cref="AnnouncedExamsCache"/> (ADR 0028); the row's statement compares the exam's own publication
/// time with the caller's clock again, so results open at the announced minute on every node without a restart and
/// a stale cache can never show them early. A published exam whose snapshot in this node's memory is at the version the
/// cache holds is answered from memory without the database (ADR 0037).
/// </summary>
public sealed class ExamResults(ExamReadSource source, AnnouncedExamsCache announced, ExamResultsSnapshots snapshots, TimeProvider clock)
{
    /// <summary>A candidate's score changes (oldest first) as one JSON array, in the row's statement and in a snapshot's read.</summary>
    internal const string HistorySql =
        "json_agg(json_build_object('at', s.changed_at, 'subject', s.subject, 'old', s.old_score, 'new', s.new_score, 'code', s.tracking_code) " +
        "ORDER BY s.changed_at, s.subject)::text";

    /// <summary>The exams the lookup lists, from this node's <see cref="AnnouncedExamsCache"/>.</summary>
    public ValueTask<IReadOnlyList<AnnouncedExam>> AnnouncedAsync(CancellationToken ct) => announced.ListedAsync(ct);

    /// <summary>
    /// Whether the exam's results are visible now, and the announced minute (null when none is set or no such exam).
    /// The minute comes from this node's cache; whether it has passed is decided here, by the clock, on every call.
    /// </summary>
    public async ValueTask<(bool Published, DateTimeOffset? PublishAt)> PublicationAsync(Guid examId, CancellationToken ct)
    {
        var at = await announced.PublishAtAsync(examId, ct);
        return (at is { } published && published <= clock.GetUtcNow(), at);
    }

    /// <summary>The candidate's result when the exam is published and the number exists; the caller checks the date of birth.</summary>
    public async Task<ExamResult?> FindAsync(Guid examId, string number, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (await announced.AnnouncementAsync(examId, ct) is { } announcement && snapshots.Current(examId, announcement, now) is { } snapshot)
        {
            return snapshot.Find(number);
        }

        await using var command = source.DataSource.CreateCommand(
            $"""
            SELECT e.name, e.year, e.subjects::text, c.full_name, c.date_of_birth, c.school, c.room, c.scores::text, e.regrade_until, e.regrade_fee,
                   (SELECT {HistorySql} FROM exam_score_changes s WHERE s.exam_id = c.exam_id AND s.number = c.number)
            FROM exam_candidates c JOIN exams e ON e.id = c.exam_id
            WHERE c.exam_id = $1 AND c.number = $2 AND e.publish_at <= $3
            """);
        command.Parameters.AddWithValue(examId);
        command.Parameters.AddWithValue(number);
        command.Parameters.AddWithValue(now);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SingleRow, ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        var subjects = JsonSerializer.Deserialize<string[]>(reader.GetString(2)) ?? [];
        var scores = JsonSerializer.Deserialize<Dictionary<string, decimal>>(reader.GetString(7)) ?? [];
        return new ExamResult(examId, reader.GetString(0), reader.GetInt32(1), number, reader.GetString(3), reader.GetFieldValue<DateOnly>(4),
            reader.GetString(5), reader.GetString(6), [.. subjects.Select(s => (s, scores.TryGetValue(s, out var v) ? v : (decimal?)null))])
        {
            RegradeUntil = reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
            RegradeFee = reader.GetInt32(9),
            History = reader.IsDBNull(10) ? [] : ReadHistory(reader.GetString(10)),
        };
    }

    /// <summary>The score changes of <see cref="HistorySql"/>.</summary>
    internal static IReadOnlyList<ScoreChange> ReadHistory(string json) =>
        [.. (JsonSerializer.Deserialize<List<HistoryRow>>(json) ?? []).Select(h => new ScoreChange(h.At, h.Subject, h.Old, h.New, h.Code))];

    private sealed record HistoryRow(
        [property: JsonPropertyName("at")] DateTimeOffset At,
        [property: JsonPropertyName("subject")] string Subject,
        [property: JsonPropertyName("old")] decimal? Old,
        [property: JsonPropertyName("new")] decimal New,
        [property: JsonPropertyName("code")] string Code);
}

/// <summary>Where the results read path reads: the replica when one is configured, else the primary's data source.</summary>
public sealed class ExamReadSource(NpgsqlDataSource dataSource)
{
    public NpgsqlDataSource DataSource { get; } = dataSource;
}
