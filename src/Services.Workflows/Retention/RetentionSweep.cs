using System.Data;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Services.Workflows.Dossiers;
using Services.Workflows.Dossiers.Attachments;
using Services.Workflows.Runtime;

namespace Services.Workflows.Retention;

/// <summary>What one pass removed.</summary>
public sealed record RetentionReport(int Drafts, int DataVersions, int Dossiers, int Files);

/// <summary>
/// Removes personal data whose time is up (finding 9, ADR 0012): expired drafts, earlier data versions of finished
/// dossiers, and the applicant's data, answers, files and versions of dossiers finished longer ago than their
/// service's period. The dossier row, its tracking code, its workflow instance and the journal stay (the journal is
/// append-only and proves itself; statistics count dossiers). Files go once nothing refers to them any more. Runs every
/// <see cref="RetentionOptions.Interval"/> on every node that runs background work; nodes take turns through an
/// advisory lock, and every step is an idempotent delete or update, so a pass cut short by a crash is redone by the next.
/// </summary>
public sealed class RetentionSweep(
    NpgsqlDataSource dataSource,
    IAttachmentStore files,
    IOptions<RetentionOptions> options,
    IOptions<WorkflowOptions> workflowOptions,
    TimeProvider clock,
    ILogger<RetentionSweep> logger) : BackgroundService
{
    /// <summary>Advisory lock key held by the node that is sweeping ("retain" in ASCII).</summary>
    private const long SweepLock = 0x72657461696e;

    /// <summary>Instance-state keys that name or reach the applicant, or carry what staff told them.</summary>
    private static readonly string[] PersonalStateKeys = [DossierState.ApplicantEmail, DossierState.ApplicantUserId, DossierState.LastComment];

    /// <summary>One pass; null when another node holds the sweep.</summary>
    public async Task<RetentionReport?> RunAsync(CancellationToken ct = default)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var released = new List<string>();
        int drafts, versions, dossiers;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        await using (var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct))
        {
            await using (var lockCommand = Sql.Command(connection, transaction, "SELECT pg_try_advisory_xact_lock($1)", SweepLock))
            {
                if (!(bool)(await lockCommand.ExecuteScalarAsync(ct))!)
                {
                    return null;
                }
            }

            drafts = await CollectAsync(connection, transaction, released,
                "DELETE FROM dossier_drafts WHERE id IN (SELECT id FROM dossier_drafts WHERE expires_at <= $1 ORDER BY expires_at LIMIT $2) " +
                "RETURNING data::text", [now, settings.BatchSize], ct);

            versions = await CollectAsync(connection, transaction, released,
                "DELETE FROM dossier_data_versions WHERE id IN (" +
                " SELECT v.id FROM dossier_data_versions v JOIN dossiers d ON d.id = v.dossier_id JOIN workflow_instances i ON i.correlation = d.tracking_code" +
                " WHERE i.completed_at <= $1 AND v.version < d.data_version LIMIT $2) RETURNING data::text",
                [now - settings.DataVersions, settings.BatchSize], ct);

            var services = settings.Services.ToList();
            dossiers = await CollectAsync(connection, transaction, released,
                "WITH due AS (" +
                " SELECT d.id, d.tracking_code, d.data::text AS old FROM dossiers d JOIN workflow_instances i ON i.correlation = d.tracking_code" +
                " WHERE d.personal_data_removed_at IS NULL AND i.completed_at <=" +
                "  $1 - COALESCE((SELECT r.period FROM unnest($2::text[], $3::interval[]) AS r(service, period) WHERE r.service = d.service_key), $4)" +
                " ORDER BY i.completed_at LIMIT $5 FOR UPDATE OF d)," +
                " versions AS (DELETE FROM dossier_data_versions v USING due WHERE v.dossier_id = due.id RETURNING v.data::text AS old)," +
                " states AS (UPDATE workflow_instances i SET state = i.state - $6::text[] FROM due WHERE i.correlation = due.tracking_code RETURNING i.id)," +
                " cleared AS (UPDATE dossiers d SET applicant_name = '', applicant_date_of_birth = '0001-01-01', applicant_phone = NULL," +
                "  applicant_email = NULL, applicant_user_id = NULL, data = '{}', rating_comment = NULL, personal_data_removed_at = $1" +
                "  FROM due WHERE d.id = due.id RETURNING d.id)" +
                " SELECT old FROM due UNION ALL SELECT old FROM versions",
                [now, services.Select(s => s.Key).ToArray(), services.Select(s => s.Value).ToArray(), settings.PersonalData, settings.BatchSize,
                    PersonalStateKeys], ct);

            // Counters of long-past windows are dead weight (ADR 0009): a new window would overwrite them anyway.
            await using (var counters = Sql.Command(connection, transaction, "DELETE FROM throttle_counters WHERE window_ends_at < $1", now - TimeSpan.FromDays(1)))
            {
                await counters.ExecuteNonQueryAsync(ct);
            }

            await transaction.CommitAsync(ct);
        }

        var deleted = await DeleteUnreferencedFilesAsync(released.Distinct(StringComparer.Ordinal).ToArray(), ct);
        var report = new RetentionReport(drafts, versions, dossiers, deleted);
        if (report != new RetentionReport(0, 0, 0, 0))
        {
            logger.LogInformation("Retention removed {Drafts} drafts, {Versions} data versions, the personal data of {Dossiers} dossiers and {Files} files",
                drafts, versions, dossiers, deleted);
        }

        return report;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!workflowOptions.Value.RunBackgroundWorkers)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                // A full batch means more may be due: keep going until a pass comes back short.
                while (await RunAsync(stoppingToken) is { } report && Math.Max(report.Drafts, Math.Max(report.DataVersions, report.Dossiers)) >= options.Value.BatchSize)
                {
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException)
            {
                // The database or the disk is away; every step is redone by the next pass.
                logger.LogWarning(e, "Retention sweep failed; retrying at the next interval");
            }
        }
    }

    /// <summary>Runs a statement returning data documents (jsonb as text), adds their files' hashes, and counts the rows.</summary>
    private static async Task<int> CollectAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<string> hashes, string sql,
        object?[] values, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, transaction, sql, values);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = 0;
        while (await reader.ReadAsync(ct))
        {
            rows++;
            var data = JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(0)) ?? [];
            hashes.AddRange(data.Values.Select(DossierFile.Parse).OfType<DossierFile>().Select(f => f.Sha256));
        }

        return rows;
    }

    /// <summary>Files are shared by content: one goes only when no draft, dossier, data version or procedure form refers to it.</summary>
    private async Task<int> DeleteUnreferencedFilesAsync(string[] candidates, CancellationToken ct)
    {
        if (candidates.Length == 0)
        {
            return 0;
        }

        await using var command = Sql.Command(dataSource,
            "SELECT h FROM unnest($1::text[]) AS h" +
            " WHERE NOT EXISTS (SELECT 1 FROM dossier_drafts WHERE strpos(data::text, h) > 0)" +
            " AND NOT EXISTS (SELECT 1 FROM dossiers WHERE strpos(data::text, h) > 0)" +
            " AND NOT EXISTS (SELECT 1 FROM dossier_data_versions WHERE strpos(data::text, h) > 0)" +
            " AND NOT EXISTS (SELECT 1 FROM procedure_forms WHERE sha256 = h)", (object)candidates);
        var unreferenced = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                unreferenced.Add(reader.GetString(0));
            }
        }

        return unreferenced.Count(hash => files.Delete(hash, options.Value.FileGrace));
    }
}
