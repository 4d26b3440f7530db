using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Content;
using Services.Web.Localization;
using Services.Web.Units;
using Services.Workflows.Content;
using Services.Workflows.Runtime;

namespace Services.Web.Content;

/// <summary>A unit's statistics yearbook over the last five school years by the portal's clock: read, and saved journaled.</summary>
public sealed class UnitYearbook(PortalDbContext db, JournaledChanges changes, TimeProvider clock)
{
    /// <summary>The yearbook's school years today, oldest first.</summary>
    public IReadOnlyList<string> Years => Yearbook.YearsOn(VietnamTime.Today(clock));

    /// <summary>The figures stated for the yearbook's years, oldest first (a year with none is left out).</summary>
    public async Task<IReadOnlyList<YearbookFigures>> FiguresAsync(Guid unitId, CancellationToken ct)
    {
        var years = Years;
        return await db.YearbookEntries.AsNoTracking().Where(e => e.UnitId == unitId && years.Contains(e.SchoolYear)).OrderBy(e => e.SchoolYear)
            .Select(e => new YearbookFigures(e.SchoolYear, e.Schools, e.Classes, e.Teachers, e.Pupils, e.Classrooms)).ToListAsync(ct);
    }

    /// <summary>Stores each row over what the year had, journaled in the unit's chain (ADR 0016).</summary>
    public async Task SaveAsync(UnitView unit, IReadOnlyList<YearbookFigures> rows, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(actor);
        var now = clock.GetUtcNow();
        var details = rows.ToDictionary(r => r.SchoolYear,
            r => (string?)$"{r.Schools} trường, {r.Classes} lớp, {r.Teachers} giáo viên, {r.Pupils} học sinh, {r.Classrooms} phòng học");
        await changes.RunAsync(unit.Id, "content.yearbook-changed", details, actor, async () =>
        {
            var years = rows.Select(r => r.SchoolYear).ToList();
            var existing = await db.YearbookEntries.Where(e => e.UnitId == unit.Id && years.Contains(e.SchoolYear)).ToDictionaryAsync(e => e.SchoolYear, ct);
            foreach (var row in rows)
            {
                if (!existing.TryGetValue(row.SchoolYear, out var entry))
                {
                    entry = new YearbookEntry { UnitId = unit.Id, SchoolYear = row.SchoolYear };
                    db.YearbookEntries.Add(entry);
                }

                (entry.Schools, entry.Classes, entry.Teachers, entry.Pupils, entry.Classrooms) = (row.Schools, row.Classes, row.Teachers, row.Pupils, row.Classrooms);
                entry.UpdatedAt = now;
                entry.UpdatedBy = actor.UserId;
            }

            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
    }
}
