using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Services.Workflows.Runtime;

namespace Services.Workflows.Dossiers;

/// <summary>
/// The applicant's answer to "please add documents", for any service that offers it: the note and file join the
/// dossier's data as a new version, and the service's supplement event resumes the workflow, in one transaction. The
/// legal clock was paused while the dossier waited: the next step gets the working days that were left when the
/// supplement was asked for (at least one), and goes back to the clerk who asked.
/// </summary>
public sealed class DossierSupplements(NpgsqlDataSource dataSource, WorkflowRuntime runtime, TaskQueries tasks, HolidayCalendar holidays, TimeProvider clock)
{
    /// <summary>How the event id of a supplement begins (the history tells a supplement by it, whatever the service calls the event).</summary>
    public const string EventIdPrefix = "dossier-supplement";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The data key of a supplement's note and file; the service lists them among the dossier's answers.</summary>
    public static string NoteKey(int version) => $"bo-sung-{version}-ghi-chu";

    public static string FileKey(int version) => $"bo-sung-{version}-tep";

    /// <summary>The supplements of a dossier, oldest first, as this class wrote them.</summary>
    public static IReadOnlyList<DossierSupplement> Of(Data.Dossiers.Dossier dossier)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        var supplements = new List<DossierSupplement>();
        for (var version = 2; version <= dossier.DataVersion; version++)
        {
            if (dossier.Data.TryGetValue(NoteKey(version), out var note))
            {
                supplements.Add(new DossierSupplement(version, note, FileKey(version), DossierFile.Parse(dossier.Data.GetValueOrDefault(FileKey(version)))));
            }
        }

        return supplements;
    }

    public async Task<SupplementResult> SubmitAsync(DossierStatus status, string note, DossierFile? file, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(status);
        var service = status.Service;
        if (status.Instance is not { } instance || !service.ActionsAt(instance.CurrentStep).HasFlag(CitizenActions.Supplement)
            || service.EventOf(CitizenActions.Supplement) is not { } supplementEvent)
        {
            return SupplementResult.NotWaiting;
        }

        var calendar = await holidays.GetAsync(ct);
        var asked = (await tasks.ForInstanceAsync(instance.Id, ct))
            .Where(t => t.Outcome == service.SupplementRequest && t.DecidedAt is not null)
            .MaxBy(t => t.DecidedAt);
        var processingDays = status.ProcessingDays;
        var used = asked is null ? 0 : calendar.WorkingDaysBetween(WorkingCalendar.LocalDate(asked.CreatedAt), WorkingCalendar.LocalDate(asked.DecidedAt!.Value));
        var remaining = Math.Max(1, processingDays - used);

        var now = clock.GetUtcNow();
        var dossier = status.Dossier;
        var version = dossier.DataVersion + 1;
        var data = new Dictionary<string, string>(dossier.Data, StringComparer.Ordinal) { [NoteKey(version)] = note };
        if (file is not null)
        {
            data[FileKey(version)] = file.ToJson();
        }

        var changed = data.Keys.Except(dossier.Data.Keys).ToList();
        var due = WorkingCalendar.LocalDate(calendar.DueAt(now, remaining));
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
            new WorkflowEvent($"{EventIdPrefix}:{dossier.Id}:{version}", supplementEvent, new JsonObject { [DossierState.ProcessingDays] = remaining }),
            actor, ct);
        if (result.Outcome != TransitionOutcome.Applied)
        {
            await transaction.RollbackAsync(ct);
            return SupplementResult.NotWaiting;
        }

        if (asked is not null)
        {
            // The dossier comes back to the clerk who asked for the documents, if they still hold the step's role there.
            await using var assign = Sql.Command(connection, transaction,
                "UPDATE workflow_tasks t SET assignee_id = a.decided_by_id, assignee_name = a.decided_by_name, claimed_at = $3 " +
                "FROM workflow_tasks a WHERE a.id = $2 AND a.decided_by_id IS NOT NULL AND t.instance_id = $1 AND t.status = 'Open' AND t.assignee_id IS NULL " +
                "AND EXISTS (SELECT 1 FROM unit_memberships m WHERE m.user_id = a.decided_by_id AND m.unit_id = t.unit_id AND m.role = t.role)",
                instance.Id, asked.Id, now);
            await assign.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return SupplementResult.Accepted;
    }
}

/// <summary>One supplement: the data version it made, the applicant's note and the file, if one came with it.</summary>
public sealed record DossierSupplement(int Version, string Note, string FileKey, DossierFile? File);

public enum SupplementResult
{
    Accepted,
    NotWaiting,
    ChangedMeanwhile,
}
