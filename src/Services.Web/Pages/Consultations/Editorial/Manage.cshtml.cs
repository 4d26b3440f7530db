using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Services.Data.Consultations;
using Services.Data.Identity;
using Services.Web.Localization;
using Services.Web.Pages.Staff;
using Services.Web.Security;
using Services.Web.Units;
using Services.Workflows.Consultations;
using Services.Workflows.Forms;
using Events = Services.Workflows.Consultations.ConsultationWorkflow.Events;

namespace Services.Web.Pages.Consultations.Editorial;

/// <summary>
/// One consultation for its unit's editorial board (ADR 0026): the editor sends for approval, the approver approves —
/// never their own draft — or sends it back with a reason, and publishes, moderation and replies while it is open, dispositions once it has closed, then the report,
/// which notifies every commenter; the comments as CSV and the report as PDF at any time.
/// </summary>
public sealed class ManageModel(ConsultationRegistry registry, CurrentUnit current, IStringLocalizer<ConsultationsResource> c, PublicLinks links, TimeProvider clock)
    : PageModel
{
    private static readonly HashSet<string> EditorialEvents = [Events.Submit, Events.Approve, Events.Return, Events.Publish];

    public ConsultationView View { get; private set; } = null!;
    public IReadOnlyList<ConsultationComment> Comments { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string FileName, int Bytes)> Attachments { get; private set; } = [];

    /// <summary>A resource key saying why the last action was refused.</summary>
    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    /// <summary>The editorial events of the consultation's step that this user's roles in the unit allow (ADR 0026).</summary>
    public IReadOnlyList<string> Offered => (View.Stage switch
    {
        ConsultationWorkflow.Steps.Draft => [Events.Submit],
        ConsultationWorkflow.Steps.Review => [Events.Approve, Events.Return],
        ConsultationWorkflow.Steps.Approved => new[] { Events.Publish },
        _ => [],
    }).Where(e => RoleFor(e) is not null).ToList();

    public async Task<IActionResult> OnPostStepAsync(Guid id, [FromForm(Name = "su-kien")] string? step, [FromForm(Name = "ly-do-tra-lai")] string? reason,
        CancellationToken ct)
    {
        if (step is null || !EditorialEvents.Contains(step))
        {
            return await RefuseAsync(id, "Consultations.Refused.BadRequest", StatusCodes.Status400BadRequest, ct);
        }

        if (RoleFor(step) is not { } role)
        {
            // An editor cannot approve or publish, an approver does not send a draft: refused before anything moves.
            return await RefuseAsync(id, "Consultations.Refused.NotYourRole", StatusCodes.Status403Forbidden, ct);
        }

        string? comment = null;
        if (step == Events.Return)
        {
            var (text, problem) = CleanText.Check(reason, 900, allowLineBreaks: true);
            if (problem is not null || text.Length == 0)
            {
                return await RefuseAsync(id, "Consultations.Refused.ReturnReason", StatusCodes.Status422UnprocessableEntity, ct);
            }

            comment = text;
        }

        var outcome = await registry.AdvanceAsync(current.Unit.Id, id, step, StaffActor.For(User, HttpContext, current.Unit.Id, role), comment, ct);
        return await AfterAsync(id, outcome, ct);
    }

    /// <summary>The role this user acts in for an editorial event in this unit, or null when they hold none it allows.</summary>
    private PortalRole? RoleFor(string step)
    {
        var held = StaffActor.RolesIn(User, current.Unit.Id);
        return ConsultationRegistry.RolesFor(step).Where(held.Contains).Select(r => (PortalRole?)r).FirstOrDefault();
    }

    public async Task<IActionResult> OnPostModerateAsync(Guid id, [FromForm(Name = "binh-luan")] Guid comment, [FromForm(Name = "hien")] bool show, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        return await registry.ModerateAsync(id, comment, show, ct) ? Back(id) : await RefuseAsync(id, "Consultations.Refused.BadRequest", StatusCodes.Status404NotFound, ct);
    }

    public async Task<IActionResult> OnPostReplyAsync(Guid id, [FromForm(Name = "binh-luan")] Guid comment, [FromForm(Name = "noi-dung")] string? body, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var (text, problem) = CleanText.Check(body, 5000, allowLineBreaks: true);
        if (problem is not null)
        {
            return await RefuseAsync(id, "Consultations.Refused.EmptyText", StatusCodes.Status422UnprocessableEntity, ct);
        }

        return await registry.ReplyAsync(id, comment, current.Unit.Name, text, ct)
            ? Back(id) : await RefuseAsync(id, "Consultations.Refused.BadRequest", StatusCodes.Status404NotFound, ct);
    }

    public async Task<IActionResult> OnPostDisposeAsync(Guid id, [FromForm(Name = "binh-luan")] Guid comment, [FromForm(Name = "xu-ly")] Disposition? disposition,
        [FromForm(Name = "ly-do")] string? reason, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var (text, problem) = CleanText.Check(reason, 2000, allowLineBreaks: true);
        if (disposition is not { } chosen || !Enum.IsDefined(chosen) || problem is not null)
        {
            return await RefuseAsync(id, "Consultations.Refused.Disposition", StatusCodes.Status422UnprocessableEntity, ct);
        }

        return await registry.DisposeAsync(View, comment, chosen, text, ct)
            ? Back(id) : await RefuseAsync(id, "Consultations.Refused.NotClosed", StatusCodes.Status409Conflict, ct);
    }

    public async Task<IActionResult> OnPostReportAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var link = links.To(Url.Content($"~/{current.Unit.Slug}/gop-y/{id}"));
        var mail = new MailText(c["Consultations.Mail.Report.Subject", View.Consultation.Title], c["Consultations.Mail.Report.Body", View.Consultation.Title, current.Unit.Name, link]);
        return await AfterAsync(id, await registry.PublishReportAsync(current.Unit.Id, id, mail, Actor, ct), ct);
    }

    public async Task<IActionResult> OnPostAttachAsync(Guid id, [FromForm(Name = "tep")] IFormFile? file, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (file is null || file.Length is 0 or > ConsultationRegistry.MaxAttachmentBytes)
        {
            return await RefuseAsync(id, "Consultations.Refused.Attachment", StatusCodes.Status422UnprocessableEntity, ct);
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        return await registry.AttachAsync(View, file.FileName, buffer.ToArray(), ct)
            ? Back(id) : await RefuseAsync(id, "Consultations.Refused.Attachment", StatusCodes.Status422UnprocessableEntity, ct);
    }

    public async Task<IActionResult> OnGetAttachmentAsync(Guid id, [FromQuery(Name = "tep")] Guid file, CancellationToken ct) =>
        await LoadAsync(id, ct) && await registry.AttachmentAsync(id, file, ct) is { } attachment
            ? File(attachment.Content, attachment.ContentType, attachment.FileName)
            : NotFound();

    public async Task<IActionResult> OnGetCsvAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var csv = ConsultationRegistry.Csv(View, Comments, d => d is null ? "" : c[$"Consultations.Disposition.{d}"].Value);
        return File(csv, "text/csv; charset=utf-8", $"gop-y-{id:N}.csv");
    }

    public async Task<IActionResult> OnGetPdfAsync(Guid id, CancellationToken ct) =>
        await LoadAsync(id, ct)
            ? File(ConsultationReportDocument.Render(current.Unit.Name, View.Consultation, Comments, VietnamTime.Today(clock)), "application/pdf", $"bao-cao-gop-y-{id:N}.pdf")
            : NotFound();

    /// <summary>Moderation, replies, dispositions and the report: any member of the unit's editorial board.</summary>
    private Services.Workflows.Runtime.Actor Actor => StaffActor.For(User, HttpContext, current.Unit.Id,
        StaffActor.RolesIn(User, current.Unit.Id).FirstOrDefault(r => r is PortalRole.Approver or PortalRole.Editor or PortalRole.UnitAdmin));

    private async Task<IActionResult> AfterAsync(Guid id, EditorialOutcome outcome, CancellationToken ct) => outcome switch
    {
        EditorialOutcome.Done => Back(id),
        EditorialOutcome.NotFound => NotFound(),
        EditorialOutcome.SameAuthor => await RefuseAsync(id, "Consultations.Refused.SameAuthor", StatusCodes.Status409Conflict, ct),
        EditorialOutcome.Undisposed => await RefuseAsync(id, "Consultations.Refused.Undisposed", StatusCodes.Status409Conflict, ct),
        EditorialOutcome.NotAllowed => await RefuseAsync(id, "Consultations.Refused.NotYourRole", StatusCodes.Status403Forbidden, ct),
        EditorialOutcome.CommentRequired => await RefuseAsync(id, "Consultations.Refused.ReturnReason", StatusCodes.Status422UnprocessableEntity, ct),
        _ => await RefuseAsync(id, "Consultations.Refused.WrongStage", StatusCodes.Status409Conflict, ct),
    };

    private async Task<IActionResult> RefuseAsync(Guid id, string key, int status, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Refusal = key;
        Response.StatusCode = status;
        return Page();
    }

    private RedirectResult Back(Guid id) => Redirect(Url.Content($"~/quan-tri/{current.Unit.Slug}/gop-y/{id}"));

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await registry.FindAsync(current.Unit.Id, id, ct) is not { } view)
        {
            return false;
        }

        View = view;
        Comments = await registry.CommentsAsync(id, ct);
        Attachments = await registry.AttachmentsAsync(id, ct);
        return true;
    }
}
