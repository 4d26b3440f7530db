using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Workflows;

namespace Services.Workflows.Dossiers;

/// <summary>
/// A district office's view of its schools: per unit, the open and overdue work and the share of decisions taken on
/// time, counted by the database in one query.
/// </summary>
public sealed class UnitSummaries(PortalDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyDictionary<Guid, UnitSummary>> ForAsync(IReadOnlyCollection<Guid> unitIds, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var ids = unitIds.ToList();
        var rows = await db.WorkflowTasks.AsNoTracking()
            .Where(t => ids.Contains(t.UnitId))
            .GroupBy(t => t.UnitId)
            .Select(g => new
            {
                UnitId = g.Key,
                Open = g.Count(t => t.Status == HumanTaskStatus.Open),
                Overdue = g.Count(t => t.Status == HumanTaskStatus.Open && t.DueAt < now),
                Decided = g.Count(t => t.Status == HumanTaskStatus.Decided),
                OnTime = g.Count(t => t.Status == HumanTaskStatus.Decided && t.DecidedAt <= t.DueAt),
            })
            .ToListAsync(ct);
        var summaries = ids.ToDictionary(id => id, _ => new UnitSummary(0, 0, 0, 0));
        foreach (var row in rows)
        {
            summaries[row.UnitId] = new UnitSummary(row.Open, row.Overdue, row.Decided, row.OnTime);
        }

        return summaries;
    }
}

/// <summary>Open and overdue tasks, and decisions taken (on time) so far.</summary>
public sealed record UnitSummary(int Open, int Overdue, int Decided, int DecidedOnTime)
{
    /// <summary>Percent of decisions taken by their due time; null while nothing has been decided.</summary>
    public int? OnTimePercent => Decided == 0 ? null : (int)Math.Round(100.0 * DecidedOnTime / Decided);
}
