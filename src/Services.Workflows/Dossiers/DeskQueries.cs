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
public sealed class DeskQueries(PortalDbContext db, ServiceDefinitions services, TimeProvider clock)
{
    public const int PageSize = 25;

    /// <summary>
    /// Unfiltered tab counts stop at this number and read "10.000+" beyond it (ADR 0027): each count then reads at most
    /// this many index entries, however many tasks a unit has; the first 400 pages stay reachable.
    /// </summary>
    public const int CountCap = 10_000;

    /// <summary>
    /// For a search's statements only: no seq scan, hash or merge join. With the searched dossiers a materialized CTE
    /// (<see cref="Searched"/>), the one plan left is the trigram indexes, then the dossiers' tasks and instances by their
    /// tracking codes — whatever the sampled statistics estimate of how many dossiers match (ADR 0032).
    /// </summary>
    private const string SearchPlan = "SET LOCAL enable_seqscan = off; SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off";

    public async Task<DeskPage> ListAsync(DeskQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (DeskSearch.Parse(query.Search) is null)
        {
            return await PageAsync(query, ct);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync(SearchPlan, ct);
        var searched = await PageAsync(query, ct);
        await transaction.CommitAsync(ct);
        return searched;
    }

    private async Task<DeskPage> PageAsync(DeskQuery query, CancellationToken ct)
    {
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
        // Unfiltered, the counts need no dossier row: a task or instance of a service's workflow is a dossier's (only
        // the dossier pipeline starts those workflows, with the dossier's unit and tracking code), so each count is
        // read from one narrow index instead of joining every open task to its dossier (ADR 0027).
        var dossierWorkflows = DossierWorkflows();
        var filtered = FiltersDossiers(query);
        var openTasks = filtered
            ? OpenTasks(query).Select(r => r.Task)
            : OwnOpenTasks(query).Where(t => dossierWorkflows.Contains(t.DefinitionName));
        var instances = filtered
            ? Dossiers(query).Join(db.WorkflowInstances.AsNoTracking(), d => d.TrackingCode, i => i.Correlation, (d, i) => i)
            : DossierInstances(query, dossierWorkflows);
        if (!filtered)
        {
            // One count per tab, each an index range that stops after the cap; the five are sent as one statement.
            var toReceive = openTasks.Where(t => t.AssigneeId == null).Take(CountCap + 1);
            var inProgress = openTasks.Where(t => t.AssigneeId != null).Take(CountCap + 1);
            var waiting = Waiting(instances).Take(CountCap + 1);
            var returned = Returned(instances).Take(CountCap + 1);
            var overdue = openTasks.Where(t => t.DueAt < now).Take(CountCap + 1);
            return await db.Units.AsNoTracking().Where(u => u.Id == query.UnitId)
                .Select(_ => new DeskCounts(toReceive.Count(), inProgress.Count(), waiting.Count(), returned.Count(), overdue.Count()))
                .SingleAsync(ct);
        }

        // A search's matching rows, counted exactly in one pass over the join.
        var tasks = await openTasks
            .GroupBy(_ => 1)
            .Select(g => new
            {
                Unassigned = g.Count(t => t.AssigneeId == null),
                Assigned = g.Count(t => t.AssigneeId != null),
                Overdue = g.Count(t => t.DueAt < now),
            })
            .SingleOrDefaultAsync(ct);
        return new DeskCounts(tasks?.Unassigned ?? 0, tasks?.Assigned ?? 0, await Waiting(instances).CountAsync(ct), await Returned(instances).CountAsync(ct),
            tasks?.Overdue ?? 0);
    }

    private async Task<IReadOnlyList<DeskRow>> TaskRowsAsync(DeskQuery query, DateTimeOffset now, int skip, CancellationToken ct)
    {
        if (!FiltersDossiers(query) && query.Sort is DeskSort.DueSoonest or DeskSort.DueLast)
        {
            return await TaskRowsInDueOrderAsync(query, now, skip, ct);
        }

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
        return page.Select(r => FromTask(r.Task, r.Dossier)).ToList();
    }

    /// <summary>
    /// A page of the unit's open tasks in due order, cut from the (unit, due time) index before any dossier is read;
    /// then only the page's tasks are joined to their dossiers — a deep page costs index entries, not joined rows.
    /// </summary>
    private async Task<IReadOnlyList<DeskRow>> TaskRowsInDueOrderAsync(DeskQuery query, DateTimeOffset now, int skip, CancellationToken ct)
    {
        var dossierWorkflows = DossierWorkflows();
        var tasks = OwnOpenTasks(query).Where(t => dossierWorkflows.Contains(t.DefinitionName));
        tasks = query.Tab switch
        {
            DeskTab.ToReceive => tasks.Where(t => t.AssigneeId == null),
            DeskTab.InProgress => tasks.Where(t => t.AssigneeId != null),
            DeskTab.Overdue => tasks.Where(t => t.DueAt < now),
            _ => tasks,
        };
        tasks = query.Sort == DeskSort.DueLast
            ? tasks.OrderByDescending(t => t.DueAt).ThenByDescending(t => t.Id)
            : tasks.OrderBy(t => t.DueAt).ThenBy(t => t.Id);
        // The page's ids come from the index alone (every column filtered or ordered on is in it); only the page's
        // own rows are then read.
        var pageIds = tasks.Select(t => t.Id).Skip(skip).Take(PageSize);
        var read = await db.WorkflowTasks.AsNoTracking().Where(t => pageIds.Contains(t.Id))
            .Join(db.Dossiers.AsNoTracking(), t => t.Correlation, d => d.TrackingCode, (t, d) => new TaskAndDossier { Task = t, Dossier = d })
            .ToListAsync(ct);
        var page = query.Sort == DeskSort.DueLast
            ? read.OrderByDescending(r => r.Task.DueAt).ThenByDescending(r => r.Task.Id)
            : read.OrderBy(r => r.Task.DueAt).ThenBy(r => r.Task.Id);
        return page.Select(r => FromTask(r.Task, r.Dossier)).ToList();
    }

    private static DeskRow FromTask(WorkflowTask t, Dossier d) =>
        new(d.TrackingCode, d.ServiceKey, d.ServiceTitleVi, d.ServiceTitleEn, d.ApplicantName, d.ApplicantPhone, d.SubmittedAt, t.Step, WorkflowStatus.Running,
            new DeskTask(t.Id, Enum.Parse<PortalRole>(t.Role), t.AssigneeId, t.AssigneeName, t.DueAt));

    private async Task<IReadOnlyList<DeskRow>> DossierRowsAsync(DeskQuery query, int skip, CancellationToken ct)
    {
        var instances = db.WorkflowInstances.AsNoTracking();
        instances = query.Tab == DeskTab.WaitingForApplicant ? Waiting(instances) : Returned(instances);
        var rows = Dossiers(query).Join(instances, d => d.TrackingCode, i => i.Correlation, (d, i) => new { Dossier = d, Instance = i });
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

    /// <summary>The open tasks of the unit for the desk's roles (and only the user's own, with "mine").</summary>
    private IQueryable<WorkflowTask> OwnOpenTasks(DeskQuery query)
    {
        var roles = query.Roles.Select(r => r.ToString()).ToList();
        var tasks = db.WorkflowTasks.AsNoTracking().Where(t => t.UnitId == query.UnitId && roles.Contains(t.Role) && t.Status == HumanTaskStatus.Open);
        return query.OnlyMine is { } me ? tasks.Where(t => t.AssigneeId == me) : tasks;
    }

    private IQueryable<TaskAndDossier> OpenTasks(DeskQuery query)
    {
        // A task of this unit shows its dossier whichever unit received it: a step another unit works (the receiving
        // school of a transfer, the district office) is on that unit's desk while it is its step.
        return OwnOpenTasks(query).Join(Matching(query), t => t.Correlation, d => d.TrackingCode, (t, d) => new TaskAndDossier { Task = t, Dossier = d });
    }

    /// <summary>The workflow instances of the dossiers this unit received (unfiltered: see <see cref="CountsAsync"/>).</summary>
    private IQueryable<WorkflowInstance> DossierInstances(DeskQuery query, List<string> dossierWorkflows) =>
        db.WorkflowInstances.AsNoTracking().Where(i => i.UnitId == query.UnitId && i.ParentInstanceId == null && dossierWorkflows.Contains(i.DefinitionName));

    /// <summary>Whether the desk filters on the dossiers' own columns (search, service), which only the join can apply.</summary>
    private static bool FiltersDossiers(DeskQuery query) => DeskSearch.Parse(query.Search) is not null || query.ServiceSlug is { Length: > 0 };

    /// <summary>The workflows the dossier pipeline starts, one per service.</summary>
    private List<string> DossierWorkflows() => services.All.Select(s => s.Workflow.Name).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The dossiers this unit received that match the desk's filters.</summary>
    private IQueryable<Dossier> Dossiers(DeskQuery query) => Matching(query).Where(d => d.UnitId == query.UnitId);

    /// <summary>The dossiers, of any unit, that match the desk's search and service filter.</summary>
    private IQueryable<Dossier> Matching(DeskQuery query)
    {
        var dossiers = DeskSearch.Parse(query.Search) is { } search ? Searched(search) : db.Dossiers.AsNoTracking();
        return query.ServiceSlug is { Length: > 0 } slug ? dossiers.Where(d => d.ServiceSlug == slug) : dossiers;
    }

    /// <summary>
    /// The dossiers whose tracking code, applicant's name or phone contains the search, with <c>LIKE</c>/<c>ILIKE '%…%'</c>
    /// patterns the trigram indexes serve (ADR 0027). They are found first, on their own: PostgreSQL computes a
    /// materialized CTE before the query around it, so the tasks and instances are then read for those dossiers only
    /// (with <see cref="SearchPlan"/>, whatever the sampled statistics estimate of how many match; ADR 0032).
    /// </summary>
    private IQueryable<Dossier> Searched(DeskSearch search)
    {
        var (code, name) = (Fragment(search.Code), Fragment(search.Text));
        var found = search.Digits is { Length: >= 3 } digits && Fragment(digits) is var phone
            ? db.Dossiers.FromSql($"""
                WITH found AS MATERIALIZED (
                    SELECT * FROM dossiers WHERE tracking_code LIKE {code} OR applicant_name ILIKE {name} OR applicant_phone LIKE {phone})
                SELECT * FROM found
                """)
            : db.Dossiers.FromSql($"""
                WITH found AS MATERIALIZED (SELECT * FROM dossiers WHERE tracking_code LIKE {code} OR applicant_name ILIKE {name})
                SELECT * FROM found
                """);
        return found.AsNoTracking();
    }

    /// <summary>
    /// Dossiers waiting for the applicant to add documents: running, at a step with the Supplement action, which the
    /// instance row holds as a stored flag (<see cref="WorkflowInstance.AwaitingApplicant"/>, ADR 0035).
    /// </summary>
    private static IQueryable<WorkflowInstance> Waiting(IQueryable<WorkflowInstance> instances) =>
        instances.Where(i => i.Status == WorkflowStatus.Running && i.AwaitingApplicant);

    private static IQueryable<WorkflowInstance> Returned(IQueryable<WorkflowInstance> instances) =>
        instances.Where(i => i.Status == WorkflowStatus.Completed || i.Status == WorkflowStatus.Cancelled);

    private static string Fragment(string text) => "%" + EscapeLike(text) + "%";

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

        // A phone number is searched only when the text reads as one (digits and separators): the digits of a
        // tracking code such as HS-26-JTBZ-CX9N ("269") must not match every phone containing them.
        var digits = new string(trimmed.Where(char.IsAsciiDigit).ToArray());
        var phoneLike = digits.Length > 0 && trimmed.All(c => char.IsAsciiDigit(c) || c is ' ' or '+' or '.' or '-' or '(' or ')');
        return new DeskSearch(trimmed, trimmed.ToUpperInvariant(), phoneLike ? digits : null);
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
    /// <summary>A tab's count as the desk shows it: "10.000+" beyond <see cref="DeskQueries.CountCap"/>.</summary>
    public string Label(DeskTab tab) => Of(tab) > DeskQueries.CountCap
        ? DeskQueries.CountCap.ToString("N0", System.Globalization.CultureInfo.CurrentCulture) + "+"
        : Of(tab).ToString(System.Globalization.CultureInfo.CurrentCulture);

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
