using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Services.Data;
using Services.Data.Identity;
using Services.Web.Localization;
using Services.Web.Security;
using Services.Web.Units;
using Services.Workflows.Dossiers;
using Services.Workflows.Runtime;

namespace Services.Web.Pages.Staff;

/// <summary>
/// The unit's desk, like a "một cửa" office: tabs with counts, search by code, name or phone, sort and paging (all
/// done by the database, see <see cref="DeskQueries"/>), claiming one or many dossiers at once and, for the unit's
/// admin, handing many to a colleague.
/// </summary>
public sealed class IndexModel(
    DeskQueries desk, TaskQueries tasks, TaskService taskService, PortalDbContext db, CurrentUnit current, ServiceDefinitions services,
    IStringLocalizer<SharedResource> t, IStringLocalizer<WorkplaceResource> w) : PageModel
{
    /// <summary>The tabs' URL values, in the order they are shown.</summary>
    public static readonly IReadOnlyList<(DeskTab Tab, string Slug)> Tabs =
    [
        (DeskTab.ToReceive, "cho-tiep-nhan"), (DeskTab.InProgress, "dang-xu-ly"), (DeskTab.WaitingForApplicant, "cho-bo-sung"),
        (DeskTab.Returned, "da-tra-ket-qua"), (DeskTab.Overdue, "qua-han"),
    ];

    public static readonly IReadOnlyList<(DeskSort Sort, string Slug)> Sorts =
        [(DeskSort.DueSoonest, "han-som"), (DeskSort.DueLast, "han-muon"), (DeskSort.Newest, "moi-nhat"), (DeskSort.Oldest, "cu-nhat"), (DeskSort.Applicant, "ten")];

    [BindProperty(SupportsGet = true, Name = "tab")]
    public string? TabSlug { get; set; }

    [BindProperty(SupportsGet = true, Name = "sap-xep")]
    public string? SortSlug { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "dich-vu")]
    public string? Service { get; set; }

    [BindProperty(SupportsGet = true, Name = "cua-toi")]
    public bool OnlyMine { get; set; }

    [BindProperty(SupportsGet = true, Name = "trang")]
    public int PageNumber { get; set; } = 1;

    public DeskTab Tab => Tabs.FirstOrDefault(x => x.Slug == TabSlug, Tabs[0]).Tab;
    public DeskSort Sort => Sorts.FirstOrDefault(x => x.Slug == SortSlug, Sorts[0]).Sort;
    public DeskPage Result { get; private set; } = new([], new(0, 0, 0, 0, 0), 1, 1);
    public IReadOnlyList<ServiceOffering> Services { get; private set; } = [];

    /// <summary>Colleagues a unit admin can hand work to: the unit's members holding a desk role.</summary>
    public IReadOnlyList<(Guid Id, string Name)> Colleagues { get; private set; } = [];

    public bool CanReassign => User.HasRoleIn(current.Unit.Id, [PortalRole.UnitAdmin]);
    public string? Message { get; private set; }
    public bool MessageIsError { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (TempData["desk-message"] is string message)
        {
            Message = message;
        }

        await LoadAsync(ct);
    }

    /// <summary>One row's "Nhận xử lý" and the bulk claim share this handler: every checked task is tried, each refusal reported.</summary>
    public async Task<IActionResult> OnPostClaimAsync(Guid[] taskIds, CancellationToken ct) =>
        await ForEachTaskAsync(taskIds, (task, actor) => taskService.ClaimAsync(task.Id, actor, ct), "Desk.Claimed", ct);

    public async Task<IActionResult> OnPostReassignAsync(Guid[] taskIds, Guid assigneeId, CancellationToken ct)
    {
        if (!CanReassign)
        {
            return Forbid();
        }

        var colleague = await db.Users.AsNoTracking().Where(u => u.Id == assigneeId).Select(u => u.FullName).SingleOrDefaultAsync(ct);
        if (colleague is null)
        {
            return await RedisplayAsync(w["Desk.NoColleague"], ct);
        }

        return await ForEachTaskAsync(taskIds, (task, actor) => taskService.ReassignAsync(task.Id, assigneeId, colleague, actor, ct), "Desk.Reassigned", ct);
    }

    private async Task<IActionResult> ForEachTaskAsync(Guid[] taskIds, Func<TaskSummary, Actor, Task> action, string doneKey, CancellationToken ct)
    {
        if (taskIds.Length == 0)
        {
            return await RedisplayAsync(w["Desk.NothingChecked"], ct);
        }

        var refusals = new List<string>();
        var done = 0;
        foreach (var taskId in taskIds.Distinct().Take(DeskQueries.PageSize))
        {
            var task = await tasks.GetAsync(taskId, ct);
            if (task is null || task.UnitId != current.Unit.Id)
            {
                return NotFound();
            }

            try
            {
                await action(task, StaffActor.For(User, HttpContext, current.Unit.Id, task.Role));
                done++;
            }
            catch (Exception ex) when (StaffOutcomes.IsRefusal(ex))
            {
                refusals.Add($"{task.Correlation}: {await StaffOutcomes.MessageAsync(ex, taskId, tasks, User.UserId(), current.Unit.Id, t, ct)}");
            }
        }

        if (refusals.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            return await RedisplayAsync(w["Desk.SomeRefused", done, string.Join(" ", refusals)], ct);
        }

        TempData["desk-message"] = w[doneKey, done].Value;
        return Redirect(Link());
    }

    private async Task<IActionResult> RedisplayAsync(string message, CancellationToken ct)
    {
        Message = message;
        MessageIsError = true;
        if (Response.StatusCode == StatusCodes.Status200OK)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var unitId = current.Unit.Id;
        Result = await desk.ListAsync(new DeskQuery(unitId, StaffActor.RolesIn(User, unitId))
        {
            Tab = Tab,
            Sort = Sort,
            Search = Search,
            ServiceSlug = string.IsNullOrEmpty(Service) ? null : Service,
            OnlyMine = OnlyMine ? User.UserId() : null,
            Page = PageNumber,
        }, ct);
        var offerings = new List<ServiceOffering>();
        foreach (var service in services.All)
        {
            offerings.AddRange(await service.OfferingsAsync(db, unitId, includeUnpublished: true, ct));
        }

        Services = [.. offerings.OrderBy(o => o.TitleVi, StringComparer.Ordinal)];
        if (CanReassign)
        {
            var deskRoles = new[] { PortalRole.Staff, PortalRole.UnitAdmin };
            Colleagues = (await db.UnitMemberships.AsNoTracking()
                    .Where(m => m.UnitId == unitId && deskRoles.Contains(m.Role))
                    .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.FullName })
                    .Distinct().ToListAsync(ct))
                .OrderBy(u => u.FullName, StringComparer.Ordinal).Select(u => (u.Id, u.FullName)).ToList();
        }
    }

    /// <summary>The desk's address with one query value changed (page links, tabs, sort) and the others kept.</summary>
    public string Link(DeskTab? tab = null, DeskSort? sort = null, int? page = null)
    {
        var query = new Dictionary<string, string?>
        {
            ["tab"] = Tabs.First(x => x.Tab == (tab ?? Tab)).Slug,
            ["q"] = string.IsNullOrWhiteSpace(Search) ? null : Search.Trim(),
            ["dich-vu"] = string.IsNullOrEmpty(Service) ? null : Service,
            ["cua-toi"] = OnlyMine ? "true" : null,
            ["sap-xep"] = Sorts.First(x => x.Sort == (sort ?? Sort)).Slug,
            ["trang"] = page is > 1 ? page.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        };
        return Url.Content($"~/can-bo/{current.Unit.Slug}") + QueryString.Create(query.Where(kv => kv.Value is not null)!);
    }
}

/// <summary>The signed-in staff member as the workflow runtime records them: user, role, unit, IP.</summary>
public static class StaffActor
{
    public static IReadOnlyCollection<PortalRole> RolesIn(System.Security.Claims.ClaimsPrincipal user, Guid unitId) =>
        user.IsSystemAdmin()
            ? Enum.GetValues<PortalRole>()
            : user.Memberships().Where(m => m.UnitId == unitId).Select(m => m.Role).Distinct().ToList();

    public static Actor For(System.Security.Claims.ClaimsPrincipal user, HttpContext http, Guid unitId, PortalRole role) =>
        new(user.UserId(), RolesIn(user, unitId).Contains(role) ? role : null, unitId, http.Connection.RemoteIpAddress?.ToString(),
            user.FindFirst(PortalClaims.FullName)?.Value ?? user.Identity?.Name ?? "?");
}
