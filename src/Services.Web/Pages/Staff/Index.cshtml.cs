using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Services.Data;
using Services.Data.Identity;
using Services.Web.Localization;
using Services.Web.Security;
using Services.Web.Units;
using Services.Workflows.Dossiers;
using Services.Workflows.Runtime;

namespace Services.Web.Pages.Staff;

/// <summary>The unit's work queue: open tasks for the roles the user holds here, filtered by the database, with the unit's counts.</summary>
public sealed class IndexModel(
    StaffWorklist queue, TaskQueries tasks, TaskService taskService, PortalDbContext db, CurrentUnit current, ServiceDefinitions services,
    WorkflowRegistry registry, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "han")]
    public DueFilter Due { get; set; }

    [BindProperty(SupportsGet = true, Name = "dich-vu")]
    public string? Service { get; set; }

    [BindProperty(SupportsGet = true, Name = "buoc")]
    public string? Step { get; set; }

    [BindProperty(SupportsGet = true, Name = "nguoi-xu-ly")]
    public string? Assignee { get; set; }

    public QueueCounts Counts { get; private set; } = new(0, 0, 0);
    public IReadOnlyList<QueueEntry> Rows { get; private set; } = [];
    public IReadOnlyList<ServiceOffering> Services { get; private set; } = [];

    /// <summary>The human steps of every service, in the service's words, for the step filter.</summary>
    public IReadOnlyList<(string Name, string Title)> Steps => services.All
        .SelectMany(s => registry.Latest(s.Workflow.Name).Steps.Where(step => step.Kind == StepKind.Human).Select(step => (step.Name, s.StepLabel(step.Name))))
        .DistinctBy(s => s.Name).ToList();

    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostClaimAsync(Guid taskId, CancellationToken ct)
    {
        var task = await tasks.GetAsync(taskId, ct);
        if (task is null || task.UnitId != current.Unit.Id)
        {
            return NotFound();
        }

        try
        {
            await taskService.ClaimAsync(taskId, StaffActor.For(User, HttpContext, current.Unit.Id, task.Role), ct);
        }
        catch (Exception ex) when (StaffOutcomes.IsRefusal(ex))
        {
            Message = await StaffOutcomes.MessageAsync(ex, taskId, tasks, User.UserId(), current.Unit.Id, t, ct);
            Response.StatusCode = StatusCodes.Status409Conflict;
            await LoadAsync(ct);
            return Page();
        }

        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var unitId = current.Unit.Id;
        var roles = StaffActor.RolesIn(User, unitId);
        Counts = await tasks.CountsAsync(unitId, roles, ct);
        Rows = await queue.ListAsync(new WorklistQuery([unitId], roles)
        {
            ServiceSlug = string.IsNullOrEmpty(Service) ? null : Service,
            Due = Due,
            Step = string.IsNullOrEmpty(Step) ? null : Step,
            AssigneeId = Assignee == "toi" ? User.UserId() : null,
            OnlyUnassigned = Assignee == "chua-nhan",
            Take = 100,
        }, ct);
        var offerings = new List<ServiceOffering>();
        foreach (var service in services.All)
        {
            offerings.AddRange(await service.OfferingsAsync(db, unitId, includeUnpublished: true, ct));
        }

        Services = [.. offerings.OrderBy(o => o.TitleVi, StringComparer.Ordinal)];
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
