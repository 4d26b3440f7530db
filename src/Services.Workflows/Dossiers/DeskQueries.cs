using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Dossiers;
using Services.Data.Identity;
using Services.Data.Workflows;
using Services.Workflows.Runtime;

namespace Services.Workflows.Dossiers;

/// <summary>
/// The desk of a "một cửa" office: a unit's dossiers in tabs (to receive, in progress, waiting for the applicant,
/// returned, overdue), searched by code, applicant name or phone, sorted and paged — every filter applied by the
/// database before the page is cut, with each tab's count under the same search.
/// </summary>
public sealed class DeskQueries(PortalDbContext db, ServiceDefinitions services, WorkflowRegistry registry, TimeProvider clock)
{
    public const int PageSize = 25;

    public async Task<DeskPage> ListAsync(DeskQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var now = clock.GetUtcNow();
        var counts = await CountsAsync(query, now, ct);
        var total = counts.Of(query.Tab);
        var page = Math.Clamp(query.Page, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
        var skip = (page - 1) * PageSize;
        IReadOnlyList<DeskRow> rows = query.Tab is DeskTab.WaitingForApplicant or DeskTab.Returned
            ? await DossierRowsAsync(query, skip, ct)
            : await TaskRowsAsync(query, now, skip, ct);
        return new DeskPage(rows, counts, page, Math.Max(1, (total + PageSize - 1) / PageSize));
    }

    /// <summary>The dossiers received on one Vietnamese calendar day, oldest first: the day's printed list.</summary>
    public async Task<IReadOnlyList<DeskRow>> ReceivedOnAsync(Guid unitId, DateOnly day, CancellationToken ct)
    {
        var (start, end) = (WorkingCalendar.At(day, TimeOnly.MinValue), WorkingCalendar.At(day.AddDays(1), TimeOnly.MinValue));
        var rows = await db.Dossiers.AsNoTracking()
            .Where(d => d.UnitId == unitId && d.SubmittedAt >= start && d.SubmittedAt < end)
            .Join(db.WorkflowInstances.AsNoTracking(), d => d.TrackingCode, i => i.Correlation, (d, i) => new { Dossier = d, i.CurrentStep, i.Status })
            .OrderBy(r => r.Dossier.SubmittedAt).ThenBy(r => r.Dossier.Id)
            .ToListAsync(ct);
        return rows.Select(r => FromDossier(r.Dossier, r.CurrentStep, r.Status)).ToList();
    }

    private async Task<DeskCounts> CountsAsync(DeskQuery query, DateTimeOffset now, CancellationToken ct)
    {
        var tasks = await OpenTasks(query)
            .GroupBy(_ => 1)
            .Select(g => new
            {
                Unassigned = g.Count(r => r.Task.AssigneeId == null),
                Assigned = g.Count(r => r.Task.AssigneeId != null),
                Overdue = g.Count(r => r.Task.DueAt < now),
            })
            .SingleOrDefaultAsync(ct);
        var waitingSteps = WaitingSteps();
        var dossiers = await Dossiers(query)
            .Join(db.WorkflowInstances.AsNoTracking(), d => d.TrackingCode, i => i.Correlation, (d, i) => i)
            .GroupBy(_ => 1)
            .Select(g => new
            {
                Waiting = g.Count(i => i.Status == WorkflowStatus.Running && waitingSteps.Contains(i.CurrentStep)),
                Returned = g.Count(i => i.Status == WorkflowStatus.Completed || i.Status == WorkflowStatus.Cancelled),
            })
            .SingleOrDefaultAsync(ct);
        return new DeskCounts(tasks?.Unassigned ?? 0, tasks?.Assigned ?? 0, dossiers?.Waiting ?? 0, dossiers?.Returned ?? 0, tasks?.Overdue ?? 0);
    }

    private async Task<IReadOnlyList<DeskRow>> TaskRowsAsync(DeskQuery query, DateTimeOffset now, int skip, CancellationToken ct)
    {
        var rows = OpenTasks(query);
        rows = query.Tab switch
        {
            DeskTab.ToReceive => rows.Where(r => r.Task.AssigneeId == null),
            DeskTab.InProgress => rows.Where(r => r.Task.AssigneeId != null),
            DeskTab.Overdue => rows.Where(r => r.Task.DueAt < now),
            _ => rows,
        };
        rows = query.Sort switch
        {
            DeskSort.DueLast => rows.OrderByDescending(r => r.Task.DueAt).ThenBy(r => r.Task.Id),
            DeskSort.Newest => rows.OrderByDescending(r => r.Dossier.SubmittedAt).ThenBy(r => r.Task.Id),
            DeskSort.Oldest => rows.OrderBy(r => r.Dossier.SubmittedAt).ThenBy(r => r.Task.Id),
            DeskSort.Applicant => rows.OrderBy(r => r.Dossier.ApplicantName).ThenBy(r => r.Task.Id),
            _ => rows.OrderBy(r => r.Task.DueAt).ThenBy(r => r.Task.Id),
        };
        var page = await rows.Skip(skip).Take(PageSize).ToListAsync(ct);
        return page.Select(r => new DeskRow(r.Dossier.TrackingCode, r.Dossier.ServiceKey, r.Dossier.ServiceTitleVi, r.Dossier.ServiceTitleEn, r.Dossier.ApplicantName,
            r.Dossier.ApplicantPhone, r.Dossier.SubmittedAt, r.Task.Step, WorkflowStatus.Running,
            new DeskTask(r.Task.Id, Enum.Parse<PortalRole>(r.Task.Role), r.Task.AssigneeId, r.Task.AssigneeName, r.Task.DueAt))).ToList();
    }

    private async Task<IReadOnlyList<DeskRow>> DossierRowsAsync(DeskQuery query, int skip, CancellationToken ct)
    {
        var waitingSteps = WaitingSteps();
        var rows = Dossiers(query).Join(db.WorkflowInstances.AsNoTracking(), d => d.TrackingCode, i => i.Correlation, (d, i) => new { Dossier = d, Instance = i });
        rows = query.Tab == DeskTab.WaitingForApplicant
            ? rows.Where(r => r.Instance.Status == WorkflowStatus.Running && waitingSteps.Contains(r.Instance.CurrentStep))
            : rows.Where(r => r.Instance.Status == WorkflowStatus.Completed || r.Instance.Status == WorkflowStatus.Cancelled);
        rows = query.Sort switch
        {
            DeskSort.Oldest or DeskSort.DueSoonest => rows.OrderBy(r => r.Dossier.SubmittedAt).ThenBy(r => r.Dossier.Id),
            DeskSort.Applicant => rows.OrderBy(r => r.Dossier.ApplicantName).ThenBy(r => r.Dossier.Id),
            _ => rows.OrderByDescending(r => r.Instance.UpdatedAt).ThenBy(r => r.Dossier.Id),
        };
        var page = await rows.Skip(skip).Take(PageSize).ToListAsync(ct);
        return page.Select(r => FromDossier(r.Dossier, r.Instance.CurrentStep, r.Instance.Status)).ToList();
    }

    private static DeskRow FromDossier(Dossier d, string step, WorkflowStatus status) =>
        new(d.TrackingCode, d.ServiceKey, d.ServiceTitleVi, d.ServiceTitleEn, d.ApplicantName, d.ApplicantPhone, d.SubmittedAt, step, status, null);

    private IQueryable<TaskAndDossier> OpenTasks(DeskQuery query)
    {
        var roles = query.Roles.Select(r => r.ToString()).ToList();
        var tasks = db.WorkflowTasks.AsNoTracking().Where(t => t.UnitId == query.UnitId && roles.Contains(t.Role) && t.Status == HumanTaskStatus.Open);
        if (query.OnlyMine is { } me)
        {
            tasks = tasks.Where(t => t.AssigneeId == me);
        }

        // A task of this unit shows its dossier whichever unit received it: a step another unit works (the receiving
        // school of a transfer, the district office) is on that unit's desk while it is its step.
        return tasks.Join(Matching(db.Dossiers.AsNoTracking(), query), t => t.Correlation, d => d.TrackingCode, (t, d) => new TaskAndDossier { Task = t, Dossier = d });
    }

    /// <summary>The dossiers this unit received that match the desk's filters.</summary>
    private IQueryable<Dossier> Dossiers(DeskQuery query) => Matching(db.Dossiers.AsNoTracking().Where(d => d.UnitId == query.UnitId), query);

    private static IQueryable<Dossier> Matching(IQueryable<Dossier> dossiers, DeskQuery query)
    {
        if (query.ServiceSlug is { Length: > 0 } slug)
        {
            dossiers = dossiers.Where(d => d.ServiceSlug == slug);
        }

        if (DeskSearch.Parse(query.Search) is { } search)
        {
            var pattern = "%" + EscapeLike(search.Text) + "%";
            dossiers = search.Digits is { Length: >= 3 } digits
                ? dossiers.Where(d => d.TrackingCode.Contains(search.Code) || EF.Functions.ILike(d.ApplicantName, pattern) || (d.ApplicantPhone != null && d.ApplicantPhone.Contains(digits)))
                : dossiers.Where(d => d.TrackingCode.Contains(search.Code) || EF.Functions.ILike(d.ApplicantName, pattern));
        }

        return dossiers;
    }

    /// <summary>Steps, of any service, at which the dossier waits for the applicant to add documents.</summary>
    private List<string> WaitingSteps() => services.All
        .SelectMany(s => registry.Latest(s.Workflow.Name).Steps.Where(step => s.ActionsAt(step.Name).HasFlag(CitizenActions.Supplement)).Select(step => step.Name))
        .Distinct(StringComparer.Ordinal).ToList();

    private static string EscapeLike(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private sealed class TaskAndDossier
    {
        public required WorkflowTask Task { get; init; }
        public required Dossier Dossier { get; init; }
    }
}

/// <summary>What a clerk typed in the desk's search box, read as a tracking code, a name and a phone number at once.</summary>
public sealed record DeskSearch(string Text, string Code, string? Digits)
{
    public static DeskSearch? Parse(string? text)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        var digits = new string(trimmed.Where(char.IsAsciiDigit).ToArray());
        return new DeskSearch(trimmed, trimmed.ToUpperInvariant(), digits.Length == 0 ? null : digits);
    }
}

public enum DeskTab
{
    ToReceive,
    InProgress,
    WaitingForApplicant,
    Returned,
    Overdue,
}

public enum DeskSort
{
    DueSoonest,
    DueLast,
    Newest,
    Oldest,
    Applicant,
}

public sealed record DeskQuery(Guid UnitId, IReadOnlyCollection<PortalRole> Roles)
{
    public DeskTab Tab { get; init; }
    public DeskSort Sort { get; init; }
    public string? Search { get; init; }
    public string? ServiceSlug { get; init; }

    /// <summary>Only the tasks this user holds (the "mine" filter).</summary>
    public Guid? OnlyMine { get; init; }

    public int Page { get; init; } = 1;
}

public sealed record DeskCounts(int ToReceive, int InProgress, int WaitingForApplicant, int Returned, int Overdue)
{
    public int Of(DeskTab tab) => tab switch
    {
        DeskTab.ToReceive => ToReceive,
        DeskTab.InProgress => InProgress,
        DeskTab.WaitingForApplicant => WaitingForApplicant,
        DeskTab.Returned => Returned,
        _ => Overdue,
    };
}

public sealed record DeskPage(IReadOnlyList<DeskRow> Rows, DeskCounts Counts, int Page, int Pages);

/// <summary>One line of the desk: the dossier, the step it is at and, for open work, its task.</summary>
public sealed record DeskRow(string TrackingCode, string ServiceKey, string ServiceTitleVi, string ServiceTitleEn, string ApplicantName, string? ApplicantPhone,
    DateTimeOffset SubmittedAt, string Step, WorkflowStatus Status, DeskTask? Task)
{
    public string ServiceTitle(bool english) => english ? ServiceTitleEn : ServiceTitleVi;
}

public sealed record DeskTask(Guid Id, PortalRole Role, Guid? AssigneeId, string? AssigneeName, DateTimeOffset DueAt);
