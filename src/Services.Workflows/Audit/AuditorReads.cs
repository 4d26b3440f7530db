using Npgsql;
using Services.Workflows.Journal;
using Services.Workflows.Runtime;

namespace Services.Workflows.Audit;

/// <summary>
/// What auditors look at is itself journaled: each search, history opened and export is a line (<c>audit.search</c>,
/// <c>audit.history</c>, <c>audit.export</c>, <c>audit.report</c>) in the administration chain of the unit they audit from, hash-chained and
/// sealed like every other entry, so whoever audits the auditors sees who looked for what and when.
/// </summary>
public sealed class AuditorReads(AdministrationJournal journal, NpgsqlDataSource dataSource)
{
    public const string Search = "audit.search";
    public const string History = "audit.history";
    public const string Export = "audit.export";
    public const string Report = "audit.report";

    public async Task RecordAsync(Guid unitId, string action, IReadOnlyDictionary<string, string?> details, Actor actor, CancellationToken cancellationToken)
    {
        var chain = await journal.ChainOfAsync(unitId, cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await journal.RecordAsync(transaction, chain, action, details, actor, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
