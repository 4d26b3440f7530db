using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Services.Data.Workflows;
using Services.Workflows.Definitions;
using Services.Workflows.Runtime;

namespace Services.Workflows.Dossiers;

/// <summary>
/// The applicant's answer to "please add documents": the note and file join the dossier's data as a new version, and
/// the workflow goes back to review, in one transaction. The legal clock was paused while the dossier waited: the new
/// review gets the working days that were left when the supplement was asked for (at least one).
/// </summary>
public sealed class DossierSupplements(NpgsqlDataSource dataSource, WorkflowRuntime runtime, TaskQueries tasks, HolidayCalendar holidays, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<SupplementResult> SubmitAsync(DossierStatus status, string note, DossierFile? file, Actor actor, CancellationToken ct)
    {
        if (status.Instance is not { CurrentStep: GenericFormWorkflow.Steps.AwaitingSupplement } instance)
        {
            return SupplementResult.NotWaiting;
        }

        var calendar = await holidays.GetAsync(ct);
        var asked = (await tasks.ForInstanceAsync(instance.Id, ct))
            .Where(t => t.Outcome == GenericFormWorkflow.Events.RequestSupplement && t.DecidedAt is not null)
            .MaxBy(t => t.DecidedAt);
        var processingDays = status.Form.ProcessingDays;
        var used = asked is null ? 0 : calendar.WorkingDaysBetween(WorkingCalendar.LocalDate(asked.CreatedAt), WorkingCalendar.LocalDate(asked.DecidedAt!.Value));
        var remaining = Math.Max(1, processingDays - used);

        var now = clock.GetUtcNow();
        var dossier = status.Dossier;
        var version = dossier.DataVersion + 1;
        var data = new Dictionary<string, string>(dossier.Data, StringComparer.Ordinal) { [$"bo-sung-{version}-ghi-chu"] = note };
        if (file is not null)
        {
            data[$"bo-sung-{version}-tep"] = file.ToJson();
        }

        var changed = data.Keys.Except(dossier.Data.Keys).ToList();
        var due = DateOnly.FromDateTime(calendar.DueAt(now, remaining).ToOffset(WorkingCalendar.VietnamOffset).DateTime);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            var dataJson = JsonSerializer.Serialize(data, Json);
            batch.BatchCommands.Add(Sql.Command(
                "UPDATE dossiers SET data = $2, data_version = $3, due_date = $4 WHERE id = $1 AND data_version = $5",
                dossier.Id, new Sql.Jsonb(dataJson), version, due, dossier.DataVersion));
            batch.BatchCommands.Add(Sql.Command(
                "INSERT INTO dossier_data_versions (id, dossier_id, version, data, changed_keys, changed_by_user_id, changed_by_name, changed_at) " +
                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                Guid.CreateVersion7(now), dossier.Id, version, new Sql.Jsonb(dataJson), new Sql.Jsonb(JsonSerializer.Serialize(changed, Json)),
                actor.UserId, actor.DisplayName, now));
            try
            {
                await batch.ExecuteNonQueryAsync(ct);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "ix_dossier_data_versions_dossier_id_version")
            {
                await transaction.RollbackAsync(ct);
                return SupplementResult.ChangedMeanwhile; // someone wrote this version first
            }

            if (batch.BatchCommands[0].RecordsAffected == 0)
            {
                await transaction.RollbackAsync(ct);
                return SupplementResult.ChangedMeanwhile;
            }
        }

        var result = await runtime.RaiseAsync(transaction, instance.Id,
            new WorkflowEvent($"supplement:{dossier.Id}:{version}", GenericFormWorkflow.Events.Supplement,
                new JsonObject { [GenericFormWorkflow.State.ProcessingDays] = remaining }),
            actor, ct);
        if (result.Outcome != TransitionOutcome.Applied)
        {
            await transaction.RollbackAsync(ct);
            return SupplementResult.NotWaiting;
        }

        await transaction.CommitAsync(ct);
        return SupplementResult.Accepted;
    }
}

public enum SupplementResult
{
    Accepted,
    NotWaiting,
    ChangedMeanwhile,
}
