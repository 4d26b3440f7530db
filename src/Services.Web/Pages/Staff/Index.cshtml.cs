using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Identity;
using Services.Web.Security;
using Services.Web.Units;
using Services.Workflows.Runtime;

namespace Services.Web.Pages.Staff;

/// <summary>The unit's work queue: open tasks for the roles the user holds here, filtered, with the unit's counts.</summary>
public sealed class IndexModel(TaskQueries tasks, TaskService taskService, PortalDbContext db, CurrentUnit current, WorkflowRegistry registry) : PageModel
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
    public IReadOnlyList<QueueRow> Rows { get; private set; } = [];
    public IReadOnlyList<(string Slug, string Title)> Services { get; private set; } = [];

    /// <summary>The human steps of every workflow, for the step filter.</summary>
    public IReadOnlyList<(string Name, string Title)> Steps => registry.Names
        .SelectMany(n => registry.Latest(n).Steps.Where(s => s.Kind == StepKind.Human))
        .Select(s => (s.Name, s.Title)).Distinct().ToList();
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
        catch (TaskActionRefusedException ex)
        {
            Message = ex.Message;
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
        var query = new TaskQuery([unitId], roles)
        {
            Due = Due,
            Step = string.IsNullOrEmpty(Step) ? null : Step,
            AssigneeId = Assignee == "toi" ? User.UserId() : null,
            OnlyUnassigned = Assignee == "chua-nhan",
            Take = 100,
        };
        var list = await tasks.ListAsync(query, ct);
        var codes = list.Select(t => t.Correlation).ToList();
        var dossiers = await db.Dossiers.AsNoTracking().Where(d => codes.Contains(d.TrackingCode))
            .Join(db.OnlineForms, d => d.FormId, f => f.Id, (d, f) => new { d.TrackingCode, d.ServiceSlug, d.ApplicantName, f.TitleVi, f.TitleEn })
            .ToDictionaryAsync(d => d.TrackingCode, ct);
        Services = await db.OnlineForms.AsNoTracking().Where(f => f.UnitId == unitId).OrderBy(f => f.TitleVi)
            .Select(f => new ValueTuple<string, string>(f.Slug, f.TitleVi)).ToListAsync(ct);
        Rows = list
            .Select(t => (Task: t, Dossier: dossiers.GetValueOrDefault(t.Correlation)))
            .Where(r => Service is null || r.Dossier?.ServiceSlug == Service)
            .Select(r => new QueueRow(r.Task, r.Dossier?.TitleVi ?? r.Task.DefinitionName, r.Dossier?.ApplicantName ?? ""))
            .ToList();
    }
}

public sealed record QueueRow(TaskSummary Task, string ServiceTitle, string ApplicantName);

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
