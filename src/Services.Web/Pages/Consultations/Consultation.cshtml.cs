using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Services.Data.Consultations;
using Services.Web.Localization;
using Services.Web.Pages.Account;
using Services.Web.Security;
using Services.Web.Units;
using Services.Workflows.Consultations;
using Services.Workflows.Forms;

namespace Services.Web.Pages.Consultations;

/// <summary>
/// A published consultation: its issues, its draft by section, the deadline with the time left, the comments shown
/// with the unit's replies, and the form to comment on the whole or on one section. A comment counts once its author
/// follows the link e-mailed to them; a filled honeypot field is answered as a success and kept nowhere. Once the
/// report is out, it is shown here and as a PDF.
/// </summary>
[Throttled("consultation-comment-client", Handler = "Comment")]
[Throttled("consultation-comment-client", Handler = "Flag")]
public sealed class ConsultationModel(ConsultationRegistry registry, CurrentUnit current, IStringLocalizer<ConsultationsResource> c, PublicLinks links, TimeProvider clock)
    : PageModel
{
    /// <summary>The field people never see; only robots fill it in.</summary>
    public const string HoneypotField = "trang-web";

    public ConsultationView View { get; private set; } = null!;
    public IReadOnlyList<ConsultationComment> Comments { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string FileName, int Bytes)> Attachments { get; private set; } = [];
    public List<string> Problems { get; } = [];
    public bool Sent { get; private set; }
    public bool Flagged { get; private set; }

    [BindProperty(Name = "ten")]
    public string? Name { get; set; }

    [BindProperty(Name = "email")]
    public string? Email { get; set; }

    [BindProperty(Name = "to-chuc")]
    public string? Organisation { get; set; }

    [BindProperty(Name = "noi-dung")]
    public string? Body { get; set; }

    [BindProperty(Name = "phan")]
    public int? Section { get; set; }

    [BindProperty(Name = HoneypotField)]
    public string? Honeypot { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostCommentAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (!View.AcceptsComments)
        {
            Problems.Add(View.IsClosed ? "Consultations.Problem.Closed" : "Consultations.Problem.NotOpen");
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        var comment = Check();
        if (comment is null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        if (string.IsNullOrEmpty(Honeypot))
        {
            var title = View.Consultation.Title;
            await registry.CommentAsync(View, comment, secret =>
                new MailText(c["Consultations.Mail.Confirm.Subject", title],
                    c["Consultations.Mail.Confirm.Body", comment.Name, title, links.To(Url.Content($"~/{current.Unit.Slug}/gop-y/xac-nhan/{secret}"))]), ct);
        }

        Sent = true;
        Name = Email = Organisation = Body = null;
        return Page();
    }

    public async Task<IActionResult> OnPostFlagAsync(Guid id, [FromForm(Name = "binh-luan")] Guid comment, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Flagged = await registry.ReportAsync(id, comment, ct);
        Comments = await registry.CommentsAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnGetAttachmentAsync(Guid id, [FromQuery(Name = "tep")] Guid file, CancellationToken ct) =>
        await LoadAsync(id, ct) && await registry.AttachmentAsync(id, file, ct) is { } attachment
            ? File(attachment.Content, attachment.ContentType, attachment.FileName)
            : NotFound();

    public async Task<IActionResult> OnGetPdfAsync(Guid id, CancellationToken ct) =>
        await LoadAsync(id, ct) && View.Stage == ConsultationWorkflow.Steps.Answered
            ? File(ConsultationReportDocument.Render(current.Unit.Name, View.Consultation, Comments, VietnamTime.Today(clock)), "application/pdf", $"bao-cao-gop-y-{id:N}.pdf")
            : NotFound();

    public string TimeLeft()
    {
        var left = View.TimeLeft;
        return c["Consultations.TimeLeft", (int)left.TotalDays, left.Hours, left.Minutes].Value;
    }

    private ConsultationComment? Check()
    {
        var (name, nameProblem) = CleanText.Check(Name, 200, allowLineBreaks: false);
        if (nameProblem is not null)
        {
            Problems.Add("Consultations.Problem.Name");
        }

        if (InputRules.Email("email", Email).Any())
        {
            Problems.Add("Consultations.Problem.CommenterEmail");
        }

        var (organisation, organisationProblem) = CleanText.Check(Organisation, 300, allowLineBreaks: false);
        if (organisationProblem is not null and not CleanTextProblem.Empty)
        {
            Problems.Add("Consultations.Problem.Organisation");
        }

        var (body, bodyProblem) = CleanText.Check(Body, 5000, allowLineBreaks: true);
        if (bodyProblem is not null)
        {
            Problems.Add("Consultations.Problem.Body");
        }

        if (Section is { } s && (s < 0 || s >= View.Consultation.Sections.Count))
        {
            Problems.Add("Consultations.Problem.Section");
        }

        return Problems.Count > 0 ? null : new ConsultationComment
        {
            Name = name, Email = InputRules.Clean(Email)!, Organisation = organisation.Length == 0 ? null : organisation, Body = body, Section = Section,
        };
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await registry.FindAsync(current.Unit.Id, id, ct) is not { IsPublic: true } view)
        {
            return false;
        }

        View = view;
        Comments = await registry.CommentsAsync(id, ct);
        Attachments = await registry.AttachmentsAsync(id, ct);
        return true;
    }
}
