using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Services.Data;
using Services.Data.Dossiers;
using Services.Web.Localization;
using Services.Web.Security;
using Services.Web.Units;
using Services.Workflows.Dossiers;
using Services.Workflows.Dossiers.Attachments;
using Services.Workflows.GenericForms;
using Services.Workflows.Forms;
using Services.Workflows.Notifications;

namespace Services.Web.Pages.GenericForms;

/// <summary>One page of questions. "Continue" checks the page and moves on; "save" keeps the draft and mails a resume link.</summary>
public sealed class StepModel(
    PortalDbContext db, FormDrafts drafts, CurrentUnit current, IMailSender mail, IStringLocalizer<SharedResource> t, PublicLinks links,
    IAttachmentStore attachments, TimeProvider clock, ILogger<StepModel> logger)
    : GenericFormPageModel(db, drafts, current)
{
    public int Step { get; private set; }
    public IReadOnlyList<FormField> Fields { get; private set; } = [];
    public Dictionary<string, string?> Values { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public string? SavedMessage { get; private set; }
    public string? ResumeLink { get; private set; }
    public string StepHeading => HeadingOf(Step);

    public async Task<IActionResult> OnGetAsync(string service, int step, CancellationToken ct)
    {
        var problem = await PrepareAsync(service, step, ct);
        if (problem is not null)
        {
            return problem;
        }

        foreach (var field in Fields)
        {
            Values[field.Key] = Draft!.Data.GetValueOrDefault(field.Key);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string service, int step, CancellationToken ct)
    {
        var problem = await PrepareAsync(service, step, ct);
        if (problem is not null)
        {
            return problem;
        }

        var check = ReadAnswers();
        // Files are stored only once every other answer on the page is right, so a refused page leaves nothing behind.
        var files = check.IsValid ? await ReadFilesAsync(ct) : [];
        if (!check.IsValid || Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity; // the page, with its messages, is the answer
            return Page();
        }

        var answers = check.Values.Concat(files).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        await Drafts.SaveAsync(Draft!, answers, Fields.Select(f => f.Key), step + 1, ct);
        return Redirect(step < Journey.StepCount ? StepUrl(step + 1) : ReviewUrl());
    }

    public async Task<IActionResult> OnPostSaveAsync(string service, int step, CancellationToken ct)
    {
        var problem = await PrepareAsync(service, step, ct);
        if (problem is not null)
        {
            return problem;
        }

        // Keep whatever is valid on this page; what is not stays on screen with its message.
        var check = ReadAnswers();
        var valid = check.Values.Where(v => !Errors.ContainsKey(v.Key)).ToDictionary(v => v.Key, v => v.Value);
        await Drafts.SaveAsync(Draft!, valid, Fields.Where(f => f.Kind != FormFieldKind.File && !Errors.ContainsKey(f.Key)).Select(f => f.Key), step, ct);

        ResumeLink = links.To(ResumeUrl());
        var expires = VietnamTime.Date(Draft!.ExpiresAt);
        if (Errors.ContainsKey(FormJourney.ApplicantEmail))
        {
            SavedMessage = t["Apply.SavedNotMailed", expires];
            return Page();
        }

        var email = Draft.Data.GetValueOrDefault(FormJourney.ApplicantEmail);
        if (string.IsNullOrEmpty(email))
        {
            SavedMessage = t["Apply.Saved", expires];
            return Page();
        }

        try
        {
            await mail.SendAsync(new MailMessageRequest(email, t["Apply.ResumeMailSubject", Title], t["Apply.ResumeMailBody", Title, ResumeLink, expires]), ct);
            SavedMessage = t["Apply.SavedAndMailed", email, expires];
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or MailKit.ProtocolException or MailKit.Net.Smtp.SmtpCommandException
                                   or MimeKit.ParseException or UnauthorizedAccessException)
        {
            // The draft is safe either way; the parent keeps the link on screen and is told the mail did not go.
            logger.LogWarning(ex, "Could not mail the resume link of draft {DraftId}", Draft.Id);
            SavedMessage = t["Apply.MailFailed", email, expires];
        }

        return Page();
    }

    private async Task<IActionResult?> PrepareAsync(string service, int step, CancellationToken ct)
    {
        if (!await LoadAsync(service, ct))
        {
            return NotFound();
        }

        if (Draft is null)
        {
            return BackToStart();
        }

        if (Draft.SubmittedAt is not null)
        {
            return Redirect(SubmittedUrl());
        }

        if (step < 1 || step > Journey.StepCount)
        {
            return NotFound();
        }

        Step = step;
        Fields = Journey.FieldsOf(step);
        foreach (var field in Fields.Where(f => f.Kind == FormFieldKind.File))
        {
            Values[field.Key] = Draft.Data.GetValueOrDefault(field.Key);
        }

        return null;
    }

    /// <summary>
    /// Stores this page's uploads (checked by content, size and count) and returns their answers; a field left empty
    /// keeps the file uploaded earlier. Refusals become messages on their fields.
    /// </summary>
    private async Task<Dictionary<string, string>> ReadFilesAsync(CancellationToken ct)
    {
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        var attached = Journey.AllFields.Count(f => f.Kind == FormFieldKind.File && DossierFile.Parse(Draft!.Data.GetValueOrDefault(f.Key)) is not null);
        var files = Request.HasFormContentType ? Request.Form.Files : null;
        foreach (var field in Fields.Where(f => f.Kind == FormFieldKind.File))
        {
            var upload = files?.GetFile(QuestionView.FieldPrefix + field.Key);
            var earlier = Draft!.Data.GetValueOrDefault(field.Key);
            if (upload is null || upload.Length == 0)
            {
                if (DossierFile.Parse(earlier) is not null)
                {
                    answers[field.Key] = earlier!;
                }
                else if (field.Required)
                {
                    Errors[field.Key] = t["Form.Error.Required", field.Label(English)];
                }

                continue;
            }

            await using var stream = upload.OpenReadStream();
            var saved = await attachments.SaveAsync(stream, upload.FileName, DossierFile.Parse(earlier) is null ? attached : attached - 1, ct);
            if (saved.Attachment is { } stored)
            {
                answers[field.Key] = DossierFile.From(stored).ToJson();
                Values[field.Key] = answers[field.Key];
            }
            else
            {
                Errors[field.Key] = $"{field.Label(English)}: {saved.Rejection!.Message(System.Globalization.CultureInfo.CurrentUICulture)}";
            }
        }

        return answers;
    }

    private FormCheck ReadAnswers()
    {
        var raw = Fields.Where(f => f.Kind != FormFieldKind.File)
            .ToDictionary(f => f.Key, f => (string?)Request.Form[QuestionView.FieldPrefix + f.Key].FirstOrDefault(), StringComparer.Ordinal);
        foreach (var (key, value) in raw)
        {
            // Re-display what was typed, but never more than a screenful of a runaway paste.
            Values[key] = value is { Length: > 5000 } ? value[..5000] : value;
        }

        var check = FormAnswers.Check(Fields, raw, VietnamTime.Today(clock), Draft!.Data);
        foreach (var error in check.Errors)
        {
            Errors[error.FieldKey] = QuestionView.Message(t, error, Journey.AllFields, English);
        }

        return check;
    }
}
