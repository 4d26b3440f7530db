using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Services.Data;
using Services.Data.Workflows;
using Services.Web.Localization;
using Services.Web.Security;
using Services.Web.Units;
using Services.Workflows.Dossiers;
using Services.Workflows.Dossiers.Attachments;
using Services.Workflows.Forms;
using Services.Workflows.Runtime;

namespace Services.Web.Pages.Staff;

/// <summary>
/// One dossier for its handlers, for any service: its answers and supplements, the open task with the decisions its
/// step offers (read from the workflow's blueprint, in the service's words), history and the workflow drawn.
/// </summary>
public sealed class DossierModel(
    DossierTracking tracking, TaskQueries tasks, TaskService taskService, InstanceQueries instances, PortalDbContext db, CurrentUnit current,
    IStringLocalizer<SharedResource> t, IStringLocalizer<WorkplaceResource> w)
    : PageModel
{
    public DossierStatus Status { get; private set; } = null!;
    public IReadOnlyList<DossierAnswer> Answers { get; private set; } = [];

    /// <summary>What the service shows this unit's staff beside the answers (a transfer's grade and places).</summary>
    public IReadOnlyList<DossierAnswer> Facts { get; private set; } = [];
    public IReadOnlyList<DossierSupplement> Supplements { get; private set; } = [];
    public TaskSummary? OpenTask { get; private set; }
    public IReadOnlyList<string> Decisions { get; private set; } = [];
    public IReadOnlyList<HistoryLine> History { get; private set; } = [];

    /// <summary>Every version of the dossier's data, oldest first: the submission, then each supplement with what it changed.</summary>
    public IReadOnlyList<DataChange> DataHistory { get; private set; } = [];
    public WorkflowBlueprint Blueprint => Status.Blueprint!;
    public IReadOnlyList<string> Path { get; private set; } = [];
    public string? Message { get; private set; }
    public bool MessageIsError { get; private set; }

    [BindProperty]
    public string? Comment { get; set; }

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct) => await LoadAsync(code, ct) ? Page() : NotFound();

    /// <summary>
    /// A file of this dossier, only to staff of its unit (the folder policy and <see cref="LoadAsync"/> see to both).
    /// Only answers the service records as files, and supplements' files, are served, under the name and type stored
    /// when the file was accepted: a text answer that merely looks like a file reference downloads nothing.
    /// </summary>
    public async Task<IActionResult> OnGetFileAsync(string code, string key, [FromServices] IAttachmentStore store, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct))
        {
            return NotFound();
        }

        var file = Answers.FirstOrDefault(a => a.Key == key)?.File ?? Supplements.FirstOrDefault(s => s.FileKey == key)?.File;
        if (file is null || store.OpenRead(file.Sha256) is not { } content)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "no-store";
        return File(content, file.ContentType, file.Name);
    }

    /// <summary>The service's document for the dossier as it stands (a transfer's decision letter), to the staff who may read it.</summary>
    public ServiceDocument? Document => Status.Service.DecisionDocument(Status);

    public async Task<IActionResult> OnGetDocumentAsync(string code, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct) || Document is not { } document)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "no-store";
        return File(document.Render(), "application/pdf", document.FileName);
    }

    public async Task<IActionResult> OnPostClaimAsync(string code, CancellationToken ct) =>
        await ActAsync(code, task => taskService.ClaimAsync(task.Id, StaffActor.For(User, HttpContext, current.Unit.Id, task.Role), ct), ct);

    public async Task<IActionResult> OnPostReleaseAsync(string code, CancellationToken ct) =>
        await ActAsync(code, task => taskService.ReleaseAsync(task.Id, StaffActor.For(User, HttpContext, current.Unit.Id, task.Role), ct), ct);

    public async Task<IActionResult> OnPostDecideAsync(string code, string decision, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct))
        {
            return NotFound();
        }

        if (OpenTask is not null && !Decisions.Contains(decision))
        {
            return await RedisplayAsync(code, t["Staff.StepChanged"], ct);
        }

        var (comment, problem) = CleanText.Check(Comment, 2000, allowLineBreaks: true);
        if (problem == CleanTextProblem.Empty && Status.Service.DecisionNeedsComment(decision))
        {
            // The applicant must be told why, or what to add.
            return await RedisplayAsync(code, t["Staff.CommentRequired"], ct);
        }

        if (problem is CleanTextProblem.InvalidCharacters or CleanTextProblem.TooLong)
        {
            return await RedisplayAsync(code, t["Staff.CommentInvalid"], ct);
        }

        DecisionResult? result = null;
        var outcome = await ActAsync(code, async task =>
            result = await taskService.DecideAsync(task.Id, decision, comment.Length == 0 ? null : comment, StaffActor.For(User, HttpContext, current.Unit.Id, task.Role), ct), ct);
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

        if (OpenTask is not { } task)
        {
            return await RedisplayAsync(code, t["Staff.NoOpenTask"], ct);
        }

        try
        {
            await action(task);
        }
        catch (Exception ex) when (StaffOutcomes.IsRefusal(ex))
        {
            return await RedisplayAsync(code, await StaffOutcomes.MessageAsync(ex, task.Id, tasks, User.UserId(), current.Unit.Id, t, ct), ct);
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
        if (status?.Instance is null)
        {
            return false;
        }

        // Another unit's dossier does not exist for this unit's staff, unless a step of it is (or was) this unit's
        // (a cross-unit step, ADR 0011): then they work it while it is their step and may read it afterwards.
        var instanceTasks = await tasks.ForInstanceAsync(status.Instance.Id, ct);
        if (status.Dossier.UnitId != current.Unit.Id && !instanceTasks.Any(t => t.UnitId == current.Unit.Id))
        {
            return false;
        }

        Status = status;
        Answers = await status.Service.AnswersAsync(db, status.Dossier, CulturePathMiddleware.IsEnglish, ct);
        Facts = await status.Service.StaffFactsAsync(db, status.Dossier, current.Unit.Id, CulturePathMiddleware.IsEnglish, ct);
        Supplements = DossierSupplements.Of(status.Dossier);
        var roles = StaffActor.RolesIn(User, current.Unit.Id);
        OpenTask = instanceTasks.FirstOrDefault(x => x.Status == HumanTaskStatus.Open && x.UnitId == current.Unit.Id && roles.Contains(x.Role));
        Decisions = OpenTask is null ? [] : ServiceDefinition.DecisionsAt(Blueprint, OpenTask.Step);
        var journal = await instances.JournalAsync(status.Instance.Id, ct);
        History = [.. journal.Select(e => HistoryLine.Of(e, status.Service, w))];
        Path = InstanceQueries.PathOf(journal);
        DataHistory = await DataHistoryAsync(status.Dossier, ct);
        return true;
    }

    private async Task<IReadOnlyList<DataChange>> DataHistoryAsync(Data.Dossiers.Dossier dossier, CancellationToken ct)
    {
        var versions = await db.DossierDataVersions.AsNoTracking().Where(v => v.DossierId == dossier.Id).OrderBy(v => v.Version).ToListAsync(ct);
        var labels = Answers.ToDictionary(a => a.Key, a => a.Label, StringComparer.Ordinal);
        return versions.Select(v =>
        {
            var supplement = Supplements.FirstOrDefault(s => s.Version == v.Version);
            var changed = v.Version == 1
                ? []
                : v.ChangedKeys
                    .Select(key => key == DossierSupplements.NoteKey(v.Version) ? w["Data.Note"].Value
                        : key == DossierSupplements.FileKey(v.Version) ? w["Data.File"].Value
                        : labels.GetValueOrDefault(key, key))
                    .ToList();
            return new DataChange(v.Version, v.ChangedAt, v.ChangedByName, changed, supplement);
        }).ToList();
    }
}

/// <summary>One version of a dossier's data: who made it and when, which answers it changed, and its supplement, if it was one.</summary>
public sealed record DataChange(int Version, DateTimeOffset At, string By, IReadOnlyList<string> Changed, DossierSupplement? Supplement);
