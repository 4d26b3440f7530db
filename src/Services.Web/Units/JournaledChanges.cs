using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Services.Data;
using Services.Workflows.Journal;
using Services.Workflows.Runtime;

namespace Services.Web.Units;

/// <summary>
/// Runs a change to units, accounts or roles in one transaction with its line in the signed journal
/// (<see cref="AdministrationJournal"/>): what the pages under /quan-tri change is never unrecorded.
/// </summary>
public sealed class JournaledChanges(PortalDbContext db, AdministrationJournal journal)
{
    /// <summary>
    /// Runs <paramref name="change"/> (which saves through the scope's <see cref="PortalDbContext"/>, as Identity's
    /// user manager does) and journals <paramref name="action"/> in <paramref name="unitId"/>'s chain when it returns
    /// true; when it returns false nothing it wrote is kept.
    /// </summary>
    public async Task<bool> RunAsync(Guid unitId, string action, IReadOnlyDictionary<string, string?> details, Actor actor, Func<Task<bool>> change,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        var chain = await journal.ChainOfAsync(unitId, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await change())
        {
            await transaction.RollbackAsync(ct);
            return false;
        }

        await journal.RecordAsync((NpgsqlTransaction)transaction.GetDbTransaction(), chain, action, details, actor, ct);
        await transaction.CommitAsync(ct);
        return true;
    }
}
