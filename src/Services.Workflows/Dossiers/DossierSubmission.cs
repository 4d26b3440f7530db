using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Services.Workflows.Runtime;

namespace Services.Workflows.Dossiers;

/// <summary>
/// Turns an application to any service into a dossier: the dossier row, the service's own rows, the first data
/// version, the workflow instance, the staff task and the "received" notifications are written in one transaction.
/// The application's idempotency key makes a double click, a retry after a time-out or a second tab all end at the
/// same dossier.
/// </summary>
public sealed class DossierSubmission(NpgsqlDataSource dataSource, WorkflowRuntime runtime, HolidayCalendar holidays, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<SubmittedDossier> SubmitAsync(DossierApplication application, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(application);
        var now = clock.GetUtcNow();
        var calendar = await holidays.GetAsync(ct);
        var due = WorkingCalendar.LocalDate(calendar.DueAt(now, application.ProcessingDays));
        var applicant = application.Applicant;
        var service = application.Service;
        var dataJson = JsonSerializer.Serialize(application.Data, Json);

        // A fresh code collides with an existing one about once in 10^10 submissions; then the batch is rolled back
        // whole and drawing again is safe.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var code = TrackingCode.New(now).ToString();
            var dossierId = Guid.CreateVersion7(now);
            var state = new JsonObject
            {
                [DossierState.DossierId] = dossierId.ToString(),
                [DossierState.ServiceTitle] = application.TitleVi,
                [DossierState.UnitName] = application.UnitName,
                [DossierState.ApplicantEmail] = applicant.Email,
                [DossierState.ApplicantUserId] = application.Actor.UserId?.ToString(),
                [DossierState.ProcessingDays] = application.ProcessingDays,
                [DossierState.StatusUrl] = application.StatusUrl,
            };
            service.AddStartState(state, application);
            // Everything in one batch, one round trip: PostgreSQL runs it as one implicit transaction, so the dossier
            // is acknowledged only with its workflow, task and notifications. The dossier comes first: a key already
            // used stops the batch there, before any other row.
            await using var batch = dataSource.CreateBatch();
            batch.BatchCommands.Add(Sql.Command(
                "INSERT INTO dossiers (id, unit_id, service_key, service_slug, service_title_vi, service_title_en, tracking_code, idempotency_key, " +
                "applicant_user_id, applicant_name, applicant_date_of_birth, applicant_phone, applicant_email, data, data_version, submitted_at, due_date, " +
                "processing_days) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 1, $15, $16, $17)",
                dossierId, application.UnitId, service.Key, application.ServiceSlug, application.TitleVi, application.TitleEn, code,
                application.IdempotencyKey, application.Actor.UserId, applicant.Name, applicant.DateOfBirth, applicant.Phone, applicant.Email,
                new Sql.Jsonb(dataJson), now, due, application.ProcessingDays));
            foreach (var row in service.ServiceRows(dossierId, application))
            {
                batch.BatchCommands.Add(row);
            }

            batch.BatchCommands.Add(Sql.Command(
                "INSERT INTO dossier_data_versions (id, dossier_id, version, data, changed_keys, changed_by_user_id, changed_by_name, changed_at) " +
                "VALUES ($1, $2, 1, $3, $4, $5, $6, $7)",
                Guid.CreateVersion7(now), dossierId, new Sql.Jsonb(dataJson), new Sql.Jsonb(JsonSerializer.Serialize(application.Data.Keys, Json)),
                application.Actor.UserId, application.Actor.DisplayName, now));
            await runtime.AddStartAsync(batch, service.Workflow.Name, application.UnitId, code, state, application.Actor, service.OnSubmitted, ct);
            try
            {
                await batch.ExecuteNonQueryAsync(ct);
                return new SubmittedDossier(dossierId, code, due, now, Created: true);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "ix_dossiers_idempotency_key")
            {
                // A double click, a retry or a second tab: the dossier this key submitted is the answer.
                return await FindAsync(application.IdempotencyKey, ct) ?? throw new InvalidOperationException("The dossier that won the race is not visible.", e);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation
                                              && e.ConstraintName is "ix_dossiers_tracking_code" or "ix_workflow_instances_correlation")
            {
            }
        }

        throw new InvalidOperationException("Could not draw an unused tracking code in five attempts.");
    }

    /// <summary>The dossier submitted with this idempotency key, if any.</summary>
    public async Task<SubmittedDossier?> FindAsync(Guid idempotencyKey, CancellationToken ct)
    {
        await using var command = Sql.Command(dataSource,
            "SELECT id, tracking_code, due_date, submitted_at FROM dossiers WHERE idempotency_key = $1", idempotencyKey);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        return new SubmittedDossier(
            reader.GetGuid(reader.GetOrdinal("id")), reader.GetString(reader.GetOrdinal("tracking_code")),
            reader.IsDBNull(reader.GetOrdinal("due_date")) ? null : reader.GetFieldValue<DateOnly>(reader.GetOrdinal("due_date")),
            reader.GetFieldValue<DateTimeOffset>(reader.GetOrdinal("submitted_at")), Created: false);
    }
}

/// <summary>Who applies: the same four facts for every service, so the lookup's second factor works everywhere.</summary>
public sealed record Applicant(string Name, DateOnly DateOfBirth, string? Phone, string? Email)
{
    public const string NameKey = "nguoi-nop-ho-ten";
    public const string DateOfBirthKey = "nguoi-nop-ngay-sinh";
    public const string PhoneKey = "nguoi-nop-dien-thoai";
    public const string EmailKey = "nguoi-nop-email";

    public static DateOnly ParseDate(string isoDate) => DateOnly.ParseExact(isoDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// The four questions every application asks first, in this order (the answers the lookup and the notifications
    /// rely on); the name's label may say who applies ("cha, mẹ hoặc người giám hộ").
    /// </summary>
    public static IReadOnlyList<Data.Dossiers.FormField> Questions(string nameVi = "Họ và tên người nộp", string nameEn = "Applicant's full name") =>
    [
        new() { Key = NameKey, Kind = Data.Dossiers.FormFieldKind.Text, Required = true, MaxLength = 100, LabelVi = nameVi, LabelEn = nameEn },
        new()
        {
            Key = DateOfBirthKey, Kind = Data.Dossiers.FormFieldKind.Date, Required = true, NotInFuture = true, LabelVi = "Ngày sinh người nộp",
            LabelEn = "Applicant's date of birth",
            HelpVi = "Dùng cùng mã hồ sơ để tra cứu tình trạng hồ sơ.", HelpEn = "Used with the tracking code to look up your application.",
        },
        new() { Key = PhoneKey, Kind = Data.Dossiers.FormFieldKind.Phone, Required = true, MaxLength = 20, LabelVi = "Số điện thoại", LabelEn = "Phone number" },
        new()
        {
            Key = EmailKey, Kind = Data.Dossiers.FormFieldKind.Email, Required = false, MaxLength = 200, LabelVi = "Thư điện tử", LabelEn = "E-mail",
            HelpVi = "Để nhận thông báo về hồ sơ.", HelpEn = "To receive notifications about your application.",
        },
    ];
}

/// <param name="IdempotencyKey">One per submit button (a draft's id, or a key the service's page issued): retries reuse it.</param>
/// <param name="ServiceData">What the service's own hooks need (e.g. the generic form); the pipeline never looks inside.</param>
public sealed record DossierApplication(
    ServiceDefinition Service,
    Guid UnitId,
    string UnitName,
    string ServiceSlug,
    string TitleVi,
    string TitleEn,
    int ProcessingDays,
    Guid IdempotencyKey,
    Applicant Applicant,
    IReadOnlyDictionary<string, string> Data,
    string StatusUrl,
    Actor Actor,
    object? ServiceData = null);

public sealed record SubmittedDossier(Guid Id, string TrackingCode, DateOnly? DueDate, DateTimeOffset SubmittedAt, bool Created);
