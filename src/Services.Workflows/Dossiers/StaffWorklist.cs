using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Identity;
using Services.Data.Workflows;
using Services.Workflows.Runtime;

namespace Services.Workflows.Dossiers;

/// <summary>
/// The staff work queue: open tasks of given units and roles with their dossiers, every filter applied by the
/// database before the page is cut, so a filter never hides a matching task that sits beyond the first page.
/// </summary>
public sealed class StaffWorklist(PortalDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<QueueEntry>> ListAsync(WorklistQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var roles = query.Roles.Select(r => r.ToString()).ToList();
        var unitIds = query.UnitIds.ToList();
        var tasks = db.WorkflowTasks.AsNoTracking().Where(t => unitIds.Contains(t.UnitId) && roles.Contains(t.Role) && t.Status == HumanTaskStatus.Open);
        if (query.Step is { } step)
        {
            tasks = tasks.Where(t => t.Step == step);
        }

        if (query.AssigneeId is { } assignee)
        {
            tasks = tasks.Where(t => t.AssigneeId == assignee);
        }

        if (query.OnlyUnassigned)
        {
            tasks = tasks.Where(t => t.AssigneeId == null);
        }

        var now = clock.GetUtcNow();
        var today = WorkingCalendar.LocalDate(now);
        var (todayStart, todayEnd) = (WorkingCalendar.At(today, TimeOnly.MinValue), WorkingCalendar.At(today.AddDays(1), TimeOnly.MinValue));
        tasks = query.Due switch
        {
            DueFilter.Overdue => tasks.Where(t => t.DueAt < now),
            DueFilter.DueToday => tasks.Where(t => t.DueAt >= todayStart && t.DueAt < todayEnd),
            DueFilter.NotOverdue => tasks.Where(t => t.DueAt >= now),
            _ => tasks,
        };

        var dossiers = db.Dossiers.AsNoTracking();
        if (query.ServiceSlug is { } slug)
        {
            dossiers = dossiers.Where(d => d.ServiceSlug == slug);
        }

        var rows = await tasks
            .Join(dossiers, t => t.Correlation, d => d.TrackingCode, (t, d) => new { Task = t, d.ServiceTitleVi, d.ServiceTitleEn, d.ApplicantName })
            .OrderBy(r => r.Task.DueAt).ThenBy(r => r.Task.Id)
            .Take(query.Take)
            .ToListAsync(ct);
        return rows.Select(r => new QueueEntry(r.Task.Id, r.Task.Correlation, r.Task.Step, Enum.Parse<PortalRole>(r.Task.Role), r.Task.AssigneeId,
            r.Task.AssigneeName, r.Task.DueAt, r.ServiceTitleVi, r.ServiceTitleEn, r.ApplicantName)).ToList();
    }
}

public sealed record WorklistQuery(IReadOnlyCollection<Guid> UnitIds, IReadOnlyCollection<PortalRole> Roles)
{
    public string? ServiceSlug { get; init; }
    public string? Step { get; init; }
    public DueFilter Due { get; init; }
    public Guid? AssigneeId { get; init; }
    public bool OnlyUnassigned { get; init; }
    public int Take { get; init; } = 100;
}

public sealed record QueueEntry(Guid TaskId, string TrackingCode, string Step, PortalRole Role, Guid? AssigneeId, string? AssigneeName, DateTimeOffset DueAt,
    string ServiceTitleVi, string ServiceTitleEn, string ApplicantName)
{
    public string ServiceTitle(bool english) => english ? ServiceTitleEn : ServiceTitleVi;
}
