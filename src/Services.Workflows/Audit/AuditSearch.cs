using Npgsql;
using Services.Workflows.Runtime;

namespace Services.Workflows.Audit;

/// <summary>What an auditor looks for; every filter is optional and all of them apply together.</summary>
/// <param name="Code">The start of a tracking code (or any correlation, e.g. an administration chain's).</param>
/// <param name="Service">A service key (dossiers) or a workflow name (any instance).</param>
/// <param name="UnitId">One unit of the auditor's scope; null for all of it.</param>
/// <param name="Person">Part of the applicant's name, phone or e-mail, or of the name of anyone who acted on it.</param>
/// <param name="From">Started on or after this instant.</param>
/// <param name="Until">Started before this instant.</param>
public sealed record AuditQuery(string? Code, string? Service, Guid? UnitId, string? Person, DateTimeOffset? From, DateTimeOffset? Until, int Page);

/// <summary>One instance found: a dossier (with its service and applicant) or another workflow instance.</summary>
public sealed record AuditHit(Guid InstanceId, string Correlation, string DefinitionName, string Status, string CurrentStep, Guid UnitId,
    DateTimeOffset CreatedAt, string? ServiceKey, string? ServiceTitleVi, string? ServiceTitleEn, string? ApplicantName);

public sealed record AuditPage(IReadOnlyList<AuditHit> Hits, int Total, int Page, int Pages);

/// <summary>
/// Finds dossiers and workflow instances for auditors, only among the units given (the auditor's unit and the units
/// under it): every filter runs in SQL before the page is cut, so paging never hides a match.
/// </summary>
public sealed class AuditSearch(NpgsqlDataSource dataSource)
{
    public const int PageSize = 20;

    private const string From =
        "FROM workflow_instances i LEFT JOIN dossiers d ON d.tracking_code = i.correlation " +
        "WHERE i.unit_id = ANY($1) " +
        "AND ($2::text IS NULL OR upper(i.correlation) LIKE $2) " +
        "AND ($3::text IS NULL OR d.service_key = $3 OR i.definition_name = $3) " +
        "AND ($4::uuid IS NULL OR i.unit_id = $4) " +
        "AND ($5::text IS NULL OR d.applicant_name ILIKE $5 OR d.applicant_phone ILIKE $5 OR d.applicant_email ILIKE $5 " +
        "     OR EXISTS (SELECT 1 FROM workflow_journal j WHERE j.instance_id = i.id AND j.actor_name ILIKE $5)) " +
        "AND ($6::timestamptz IS NULL OR i.created_at >= $6) " +
        "AND ($7::timestamptz IS NULL OR i.created_at < $7) ";

    public async Task<AuditPage> FindAsync(IReadOnlyCollection<Guid> scope, AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(query);
        object?[] filters =
        [
            scope.ToArray(),
            Blank(query.Code) ? null : EscapeLike(query.Code!.Trim().ToUpperInvariant()) + "%",
            Blank(query.Service) ? null : query.Service!.Trim(),
            query.UnitId,
            Blank(query.Person) ? null : "%" + EscapeLike(query.Person!.Trim()) + "%",
            query.From,
            query.Until,
        ];

        int total;
        await using (var count = Sql.Command(dataSource, "SELECT count(*) " + From, filters))
        {
            total = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }

        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        var page = Math.Clamp(query.Page, 1, pages);
        var hits = new List<AuditHit>();
        await using (var command = Sql.Command(dataSource,
            "SELECT i.id, i.correlation, i.definition_name, i.status, i.current_step, i.unit_id, i.created_at, d.service_key, d.service_title_vi, " +
            "d.service_title_en, d.applicant_name " + From + "ORDER BY i.created_at DESC, i.id LIMIT $8 OFFSET $9",
            [.. filters, PageSize, (page - 1) * PageSize]))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                hits.Add(new AuditHit(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetGuid(5),
                    reader.GetFieldValue<DateTimeOffset>(6), NullableString(reader, 7), NullableString(reader, 8), NullableString(reader, 9),
                    NullableString(reader, 10)));
            }
        }

        return new AuditPage(hits, total, page, pages);
    }

    /// <summary>The services that have dossiers in the scope (by key, with one of their titles), for the service filter.</summary>
    public async Task<IReadOnlyList<(string Key, string TitleVi, string TitleEn)>> ServicesAsync(IReadOnlyCollection<Guid> scope,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var command = Sql.Command(dataSource,
            "SELECT service_key, min(service_title_vi), min(service_title_en) FROM dossiers WHERE unit_id = ANY($1) GROUP BY service_key ORDER BY 2",
            scope.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var services = new List<(string, string, string)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            services.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return services;
    }

    private static bool Blank(string? text) => string.IsNullOrWhiteSpace(text);

    private static string? NullableString(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
