using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Catalogue;

namespace Services.Web.Catalogue;

/// <summary>What a visitor narrowed the catalogue to: a field (lĩnh vực) and/or a service level.</summary>
public sealed record ProcedureFilter(string? Field = null, ServiceLevel? Level = null)
{
    public bool IsEmpty => string.IsNullOrEmpty(Field) && Level is null;
}

/// <summary>
/// The public side of the "Thủ tục - Biểu mẫu" catalogue. Every query here sees published procedures only, and
/// only of the unit asked for: a unit's page never shows another unit's drafts.
/// </summary>
public sealed class ProcedureCatalogue(PortalDbContext db)
{
    /// <summary>The unit's published procedures matching the filter, in the unit's order.</summary>
    public async Task<IReadOnlyList<Procedure>> ListAsync(Guid unitId, ProcedureFilter filter, CancellationToken ct) =>
        await Published(filter).Where(p => p.UnitId == unitId)
            .OrderBy(p => p.SortOrder).ThenBy(p => p.Code)
            .ToListAsync(ct);

    /// <summary>The fields the unit's published procedures belong to, for the filter's choices.</summary>
    public async Task<IReadOnlyList<string>> FieldsAsync(Guid unitId, CancellationToken ct) =>
        await db.Procedures.AsNoTracking()
            .Where(p => p.UnitId == unitId && p.IsPublished)
            .Select(p => p.FieldVi).Distinct().OrderBy(f => f)
            .ToListAsync(ct);

    /// <summary>
    /// For the department's catalogue: the published procedures with an online service of every unit under the
    /// department (its district offices, their schools, and the schools it runs directly), matching the filter.
    /// The unit tree is at most three levels deep, so two parent hops cover it. Grouping and ordering by unit is
    /// left to the page, which knows the units' names.
    /// </summary>
    public async Task<IReadOnlyList<Procedure>> OnlineServicesOfOtherUnitsAsync(Guid departmentId, ProcedureFilter filter, CancellationToken ct) =>
        await Published(filter)
            .Where(p => p.OnlineServiceSlug != null
                && db.Units.Any(u => u.Id == p.UnitId && (u.ParentId == departmentId || u.Parent!.ParentId == departmentId)))
            .OrderBy(p => p.UnitId).ThenBy(p => p.SortOrder).ThenBy(p => p.Code)
            .ToListAsync(ct);

    /// <summary>One published procedure of the unit by its code, with its forms in order; null when absent or unpublished.</summary>
    public async Task<Procedure?> FindAsync(Guid unitId, string code, CancellationToken ct)
    {
        var procedure = await db.Procedures.AsNoTracking()
            .Include(p => p.Forms)
            .FirstOrDefaultAsync(p => p.UnitId == unitId && p.Code == code && p.IsPublished, ct);
        procedure?.Forms.Sort((a, b) => a.SortOrder != b.SortOrder ? a.SortOrder.CompareTo(b.SortOrder) : a.UploadedAt.CompareTo(b.UploadedAt));
        return procedure;
    }

    /// <summary>A downloadable form, only when it belongs to a published procedure of that unit with that code.</summary>
    public async Task<ProcedureForm?> FindFormAsync(Guid unitId, string code, Guid formId, CancellationToken ct) =>
        await db.ProcedureForms.AsNoTracking()
            .Where(f => f.Id == formId && db.Procedures.Any(p => p.Id == f.ProcedureId && p.UnitId == unitId && p.Code == code && p.IsPublished))
            .FirstOrDefaultAsync(ct);

    private IQueryable<Procedure> Published(ProcedureFilter filter)
    {
        var query = db.Procedures.AsNoTracking().Where(p => p.IsPublished);
        if (!string.IsNullOrEmpty(filter.Field))
        {
            query = query.Where(p => p.FieldVi == filter.Field);
        }

        if (filter.Level is { } level)
        {
            query = query.Where(p => p.Level == level);
        }

        return query;
    }
}
