using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Services.Workflows.Exams;
using Services.Workflows.Journal;
using Services.Workflows.Runtime;

namespace Services.Workflows.Regrading;

/// <summary>
/// Publishes a re-grade's final scores: each chosen paper's new score replaces the old one in the candidate's row, a
/// history line keeps both, and the change is journaled in the exam unit's signed chain, all in one transaction. The
/// runtime may run the step again after a failure; a paper already changed by this dossier is not changed twice.
/// This node's results lookups see the new scores at once, other nodes' within the exams cache's lifetime (ADR 0037).
/// </summary>
public sealed class RegradePublication(NpgsqlDataSource dataSource, AdministrationJournal journal, AnnouncedExamsCache announced, TimeProvider clock)
{
    public const string JournalAction = "exam.score-changed";
    public const decimal MaxScore = 10m;

    /// <summary>The workflow's publication step: <see cref="RegradeWorkflow.Events.Incomplete"/> when a paper has no valid final score.</summary>
    public static async Task<string> RunAsync(AutomatedStepContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = context.State;
        var request = RegradeRequest.FromState(state);
        var final = state[RegradeJoin.FinalScoresKey] as JsonObject;
        var scores = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var subject in request.Subjects)
        {
            if (ScoreOf(final?[subject]) is not { } score)
            {
                return RegradeWorkflow.Events.Incomplete;
            }

            scores[subject] = score;
        }

        if (scores.Count == 0)
        {
            return RegradeWorkflow.Events.Incomplete;
        }

        await using var scope = context.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RegradePublication>().PublishAsync(request.ExamId, request.Number, context.Correlation, scores, ct);
        return RegradeWorkflow.Events.Published;
    }

    /// <summary>A score on the exam's scale (0–10, at most two decimals), from a JSON number or text; null otherwise.</summary>
    public static decimal? ScoreOf(JsonNode? node)
    {
        var text = node is JsonValue value ? (value.TryGetValue<string>(out var s) ? s : value.ToJsonString()) : null;
        return decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var score) && score is >= 0 and <= MaxScore
               && decimal.Round(score, 2) == score
            ? score
            : null;
    }

    public async Task PublishAsync(Guid examId, string number, string trackingCode, IReadOnlyDictionary<string, decimal> scores, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scores);
        Guid unitId;
        await using (var unit = dataSource.CreateCommand("SELECT unit_id FROM exams WHERE id = $1"))
        {
            unit.Parameters.AddWithValue(examId);
            unitId = (Guid)(await unit.ExecuteScalarAsync(ct) ?? throw new InvalidOperationException($"No exam {examId}."));
        }

        var chain = await journal.ChainOfAsync(unitId, ct);
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var lockRow = Sql.Command(connection, transaction,
                         "SELECT 1 FROM exam_candidates WHERE exam_id = $1 AND number = $2 FOR UPDATE", examId, number))
        {
            if (await lockRow.ExecuteScalarAsync(ct) is null)
            {
                throw new InvalidOperationException($"No candidate {number} in exam {examId}.");
            }
        }

        var changed = new JsonObject();
        var lines = new List<string>();
        foreach (var (subject, score) in scores.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            await using var insert = Sql.Command(connection, transaction,
                "INSERT INTO exam_score_changes (id, exam_id, number, subject, old_score, new_score, tracking_code, changed_at) " +
                "SELECT $1, c.exam_id, c.number, $4, (c.scores ->> $4)::numeric, $5, $6, $7 FROM exam_candidates c WHERE c.exam_id = $2 AND c.number = $3 " +
                "ON CONFLICT (tracking_code, subject) DO NOTHING RETURNING old_score",
                Guid.CreateVersion7(now), examId, number, subject, score, trackingCode, now);
            await using var reader = await insert.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                var old = reader.IsDBNull(0) ? "—" : reader.GetDecimal(0).ToString("0.00", CultureInfo.InvariantCulture);
                changed[subject] = score;
                lines.Add($"{subject}: {old} → {score.ToString("0.00", CultureInfo.InvariantCulture)}");
            }
        }

        if (lines.Count > 0)
        {
            await using (var update = Sql.Command(connection, transaction,
                             "UPDATE exam_candidates SET scores = scores || $3, updated_at = $4 WHERE exam_id = $1 AND number = $2",
                             examId, number, new Sql.Jsonb(changed.ToJsonString()), now))
            {
                await update.ExecuteNonQueryAsync(ct);
            }

            await journal.RecordAsync(transaction, chain, JournalAction, new Dictionary<string, string?>
            {
                ["exam"] = examId.ToString(),
                ["candidate"] = number,
                ["dossier"] = trackingCode,
                ["changes"] = string.Join("; ", lines),
            }, Actor.System("regrade"), ct);
        }

        await transaction.CommitAsync(ct);
        announced.Forget();
    }
}
