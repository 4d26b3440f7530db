using Microsoft.AspNetCore.Mvc;
using Services.Data;
using Services.Data.Dossiers;
using Services.Web.Localization;
using Services.Web.Units;
using Services.Web.Security;
using Services.Workflows.Dossiers;
using Services.Workflows.GenericForms;
using Services.Workflows.Runtime;

namespace Services.Web.Pages.GenericForms;

/// <summary>Check your answers: every answer with a link to change it, then submit.</summary>
public sealed class ReviewModel(
    PortalDbContext db, FormDrafts drafts, CurrentUnit current, DossierSubmission submission, GenericFormService genericForms, PublicLinks links,
    TimeProvider clock)
    : GenericFormPageModel(db, drafts, current)
{
    /// <summary>Submits once: the draft's id is the idempotency key, so a double click lands on the same dossier.</summary>
    public async Task<IActionResult> OnPostAsync(string service, CancellationToken ct)
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
            return Redirect(SubmittedUrl()); // a second click, or the back button, after submitting
        }

        if (Journey.FirstIncompleteStep(Draft.Data, VietnamTime.Today(clock)) is { } step)
        {
            return Redirect(StepUrl(step));
        }

        var name = User.FindFirst(PortalClaims.FullName)?.Value ?? Draft.Data[FormJourney.ApplicantName];
        var actor = new Actor(User.UserId(), null, null, HttpContext.Connection.RemoteIpAddress?.ToString(), name);
        var statusUrl = links.To(Url.Content("~/tra-cuu-ho-so"));
        await submission.SubmitAsync(genericForms.Application(Form, Draft, Unit.NameVi, statusUrl, actor), ct);
        return Redirect(SubmittedUrl());
    }

    public async Task<IActionResult> OnGetAsync(string service, CancellationToken ct)
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
            return Redirect(SubmittedUrl()); // a second click, or the back button, after submitting
        }

        return Journey.FirstIncompleteStep(Draft.Data, VietnamTime.Today(clock)) is { } step ? Redirect(StepUrl(step)) : Page();
    }

    /// <summary>How an answer reads on this page (a choice's label, a date as dd/MM/yyyy, a ticked box as "yes").</summary>
    public string Display(FormField field) => GenericFormService.AnswerText(field, Draft!.Data.GetValueOrDefault(field.Key), English);

    public string ChangeUrl(int step) => StepUrl(step);
}
