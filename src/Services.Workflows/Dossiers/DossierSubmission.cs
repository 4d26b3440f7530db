using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Services.Data.Dossiers;
using Services.Workflows.Definitions;
using Services.Workflows.Runtime;

namespace Services.Workflows.Dossiers;

/// <summary>
/// Turns a completed draft into a dossier: the dossier row, its first data version, the workflow instance, the staff
/// task and the "received" notifications are written in one transaction. The draft's id is the idempotency key, so a
/// double click, a retry after a time-out or a second tab all end at the same dossier.
/// </summary>
public sealed class DossierSubmission(NpgsqlDataSource dataSource, WorkflowRuntime runtime, HolidayCalendar holidays, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<SubmittedDossier> SubmitAsync(SubmissionRequest request, CancellationToken ct)
    {
        if (await FindAsync(request.Draft.Id, ct) is { } existing)
        {
            return existing;
        }

        var now = clock.GetUtcNow();
        var calendar = await holidays.GetAsync(ct);
        var due = DateOnly.FromDateTime(calendar.DueAt(now, request.Form.ProcessingDays).ToOffset(WorkingCalendar.VietnamOffset).DateTime);
        var data = request.Draft.Data;
        var email = data.GetValueOrDefault(DossierJourney.ApplicantEmail);

        // A fresh code collides with an existing one about once in 10^10 submissions; then the transaction is rolled
        // back whole and drawing again is safe.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var code = TrackingCode.New(now).ToString();
            var dossierId = Guid.CreateVersion7(now);
            var state = new JsonObject
            {
                [GenericFormWorkflow.State.ServiceTitle] = request.Form.TitleVi,
                [GenericFormWorkflow.State.UnitName] = request.UnitName,
                [GenericFormWorkflow.State.ApplicantEmail] = string.IsNullOrEmpty(email) ? null : email,
                [GenericFormWorkflow.State.ApplicantUserId] = request.Actor.UserId?.ToString(),
                [GenericFormWorkflow.State.ProcessingDays] = request.Form.ProcessingDays,
                [GenericFormWorkflow.State.StatusUrl] = request.StatusUrl,
                ["dossierId"] = dossierId.ToString(),
            };
            var dataJson = JsonSerializer.Serialize(data, Json);
            NpgsqlBatchCommand[] rows =
            [
                Sql.Command(
                    "INSERT INTO dossiers (id, unit_id, form_id, form_version, service_slug, tracking_code, idempotency_key, applicant_user_id, applicant_name, " +
                    "applicant_date_of_birth, applicant_phone, applicant_email, data, data_version, submitted_at, due_date) " +
                    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1, $14, $15)",
                    dossierId, request.Form.UnitId, request.Form.Id, request.Form.Version, request.Form.Slug, code, request.Draft.Id, request.Actor.UserId,
                    data[DossierJourney.ApplicantName], DateOnly.Parse(data[DossierJourney.ApplicantDateOfBirth], System.Globalization.CultureInfo.InvariantCulture),
                    data.GetValueOrDefault(DossierJourney.ApplicantPhone), string.IsNullOrEmpty(email) ? null : email, new Sql.Jsonb(dataJson), now, due),
                Sql.Command(
                    "INSERT INTO dossier_data_versions (id, dossier_id, version, data, changed_keys, changed_by_user_id, changed_by_name, changed_at) " +
                    "VALUES ($1, $2, 1, $3, $4, $5, $6, $7)",
                    Guid.CreateVersion7(now), dossierId, new Sql.Jsonb(dataJson), new Sql.Jsonb(JsonSerializer.Serialize(data.Keys, Json)),
                    request.Actor.UserId, request.Actor.DisplayName, now),
            ];
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            try
            {
                await using (var batch = new NpgsqlBatch(connection, transaction))
                {
                    foreach (var row in rows)
                    {
                        batch.BatchCommands.Add(row);
                    }

                    await batch.ExecuteNonQueryAsync(ct);
                }

                await runtime.StartAsync(transaction, GenericFormWorkflow.WorkflowName, request.Form.UnitId, code, state, request.Actor,
                    GenericFormWorkflow.OnSubmitted, ct);
                await transaction.CommitAsync(ct);
                return new SubmittedDossier(dossierId, code, due, now, Created: true);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "ix_dossiers_idempotency_key")
            {
                await transaction.RollbackAsync(ct);
                return await FindAsync(request.Draft.Id, ct) ?? throw new InvalidOperationException("The dossier that won the race is not visible.", e);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation
                                              && e.ConstraintName is "ix_dossiers_tracking_code" or "ix_workflow_instances_correlation")
            {
                await transaction.RollbackAsync(ct);
            }
        }

        throw new InvalidOperationException("Could not draw an unused tracking code in five attempts.");
    }

    /// <summary>The dossier submitted from this draft, if any.</summary>
    public async Task<SubmittedDossier?> FindAsync(Guid draftId, CancellationToken ct)
    {
        await using var command = Sql.Command(dataSource, "SELECT id, tracking_code, due_date, submitted_at FROM dossiers WHERE idempotency_key = $1", draftId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new SubmittedDossier(reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetFieldValue<DateOnly>(2), reader.GetFieldValue<DateTimeOffset>(3), Created: false)
            : null;
    }
}

public sealed record SubmissionRequest(OnlineForm Form, DossierDraft Draft, string UnitName, string StatusUrl, Actor Actor);

public sealed record SubmittedDossier(Guid Id, string TrackingCode, DateOnly? DueDate, DateTimeOffset SubmittedAt, bool Created);
