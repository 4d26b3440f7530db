using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Services.Data.Workflows;
using Services.Web.Localization;
using Services.Web.Units;
using Services.Workflows.Definitions;
using Services.Workflows.Dossiers;
using Services.Workflows.Dossiers.Attachments;
using Services.Workflows.Runtime;

namespace Services.Web.Pages.Staff;

/// <summary>One dossier for its handlers: answers, open task, decision with a comment, history, workflow diagram.</summary>
public sealed class DossierModel(
    DossierTracking tracking, TaskQueries tasks, TaskService taskService, InstanceQueries instances, WorkflowRegistry registry, CurrentUnit current,
    IStringLocalizer<SharedResource> t)
    : PageModel
{
    public static readonly IReadOnlyList<string> Decisions =
        [GenericFormWorkflow.Events.Approve, GenericFormWorkflow.Events.RequestSupplement, GenericFormWorkflow.Events.Reject];

    public DossierStatus Status { get; private set; } = null!;
    public TaskSummary? OpenTask { get; private set; }
    public IReadOnlyList<JournalEntry> Journal { get; private set; } = [];
    public string Diagram { get; private set; } = "";
    public WorkflowBlueprint Blueprint { get; private set; } = null!;
    public IReadOnlyList<string> Path { get; private set; } = [];
    public string? Message { get; private set; }
    public bool MessageIsError { get; private set; }

    [BindProperty]
    public string? Comment { get; set; }

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct) => await LoadAsync(code, ct) ? Page() : NotFound();

    /// <summary>A file of this dossier, only to staff of its unit (the folder policy and <see cref="LoadAsync"/> see to both).</summary>
    public async Task<IActionResult> OnGetFileAsync(string code, string key, [FromServices] IAttachmentStore store, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct) || DossierFile.Parse(Status.Dossier.Data.GetValueOrDefault(key)) is not { } file || store.OpenRead(file.Sha256) is not { } content)
        {
            return NotFound();
        }

        return File(content, file.ContentType, file.Name);
    }

    public async Task<IActionResult> OnPostClaimAsync(string code, CancellationToken ct) =>
        await ActAsync(code, task => taskService.ClaimAsync(task.Id, StaffActor.For(User, HttpContext, current.Unit.Id, task.Role), ct), ct);

    public async Task<IActionResult> OnPostReleaseAsync(string code, CancellationToken ct) =>
        await ActAsync(code, task => taskService.ReleaseAsync(task.Id, StaffActor.For(User, HttpContext, current.Unit.Id, task.Role), ct), ct);

    public async Task<IActionResult> OnPostDecideAsync(string code, string decision, CancellationToken ct)
    {
        if (!Decisions.Contains(decision))
        {
            return BadRequest();
        }

        var comment = Comment?.Normalize(System.Text.NormalizationForm.FormC).Trim();
        if (decision != GenericFormWorkflow.Events.Approve && string.IsNullOrEmpty(comment))
        {
            // The applicant must be told why, or what to add.
            return await RedisplayAsync(code, t["Staff.CommentRequired"], ct);
        }

        if (comment is { Length: > 2000 } || (comment is not null && !Services.Workflows.Forms.FormAnswers.IsCleanText(comment, allowLineBreaks: true)))
        {
            return await RedisplayAsync(code, t["Staff.CommentInvalid"], ct);
        }

        DecisionResult? result = null;
        var outcome = await ActAsync(code, async task =>
            result = await taskService.DecideAsync(task.Id, decision, comment, StaffActor.For(User, HttpContext, current.Unit.Id, task.Role), ct), ct);
        if (result is { Outcome: DecisionOutcome.AlreadyDecided } lost)
        {
            return await RedisplayAsync(code, t["Staff.AlreadyDecided", lost.DecidedBy ?? "?", lost.DecidedAt is { } at ? VietnamTime.DateTime(at) : "?"], ct);
        }

        return outcome;
    }

    private async Task<IActionResult> ActAsync(string code, Func<TaskSummary, Task> action, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct))
        {
            return NotFound();
        }

        if (OpenTask is null)
        {
            return await RedisplayAsync(code, t["Staff.NoOpenTask"], ct);
        }

        try
        {
            await action(OpenTask);
        }
        catch (TaskActionRefusedException ex)
        {
            return await RedisplayAsync(code, ex.Message, ct);
        }

        return RedirectToPage(new { code });
    }

    private async Task<IActionResult> RedisplayAsync(string code, string message, CancellationToken ct)
    {
        await LoadAsync(code, ct);
        Message = message;
        MessageIsError = true;
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private async Task<bool> LoadAsync(string code, CancellationToken ct)
    {
        var normalized = TrackingCode.Normalize(code);
        var status = normalized is null ? null : await tracking.FindAsync(normalized, ct);
        // Another unit's dossier does not exist for this unit's staff.
        if (status is null || status.Dossier.UnitId != current.Unit.Id || status.Instance is null)
        {
            return false;
        }

        Status = status;
        var roles = StaffActor.RolesIn(User, current.Unit.Id);
        OpenTask = (await tasks.ForInstanceAsync(status.Instance.Id, ct)).FirstOrDefault(x => x.Status == HumanTaskStatus.Open && roles.Contains(x.Role));
        Journal = await instances.JournalAsync(status.Instance.Id, ct);
        Diagram = await instances.DiagramAsync(status.Instance.Id, ct);
        Blueprint = registry.Get(status.Instance.DefinitionName, status.Instance.DefinitionVersion);
        Path = InstanceQueries.PathOf(Journal);
        return true;
    }
}
