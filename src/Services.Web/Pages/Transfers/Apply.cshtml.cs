using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Services.Data;
using Services.Data.Dossiers;
using Services.Web.Dossiers;
using Services.Web.Localization;
using Services.Web.Security;
using Services.Web.Units;
using Services.Workflows.Documents;
using Services.Workflows.Dossiers;
using Services.Workflows.Forms;
using Services.Workflows.Runtime;
using Services.Workflows.Transfers;

namespace Services.Web.Pages.Transfers;

/// <summary>
/// Chuyển trường on one page, at the school the pupil leaves: the parent answers, picks the receiving school among
/// the schools of the same level, and submits; the answer is the tracking code. The key in the form makes a double
/// click or a resubmitted page land on the same dossier.
/// </summary>
public sealed class ApplyModel(
    PortalDbContext db, CurrentUnit current, TransferService service, DossierSubmission submission, PublicLinks links, DossierReceipts receipts,
    IStringLocalizer<SharedResource> t, TimeProvider clock)
    : ApplicationPage
{
    public ServiceOffering Offering { get; private set; } = null!;
    public IReadOnlyList<FormField> Questions { get; private set; } = [];

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        var raw = ReadAnswers(Questions);

        var (request, errors) = TransferRequest.From(Questions, raw, VietnamTime.Today(clock));
        foreach (var error in errors)
        {
            Errors[error.FieldKey] = QuestionView.Message(t, error, Questions, English);
        }

        if (request is null || Key == Guid.Empty)
        {
            return Refused();
        }

        var actor = new Actor(User.UserId(), null, null, HttpContext.Connection.RemoteIpAddress?.ToString(),
            User.FindFirst(PortalClaims.FullName)?.Value ?? request.ApplicantName);
        var statusUrl = links.To(Url.Content("~/tra-cuu-ho-so"));
        var application = await service.ApplicationAsync(db, request, current.Unit.Id, Key, statusUrl, actor, ct);
        if (application is null)
        {
            // The school list offered only valid schools: this is a forged or stale form.
            Errors[TransferRequest.ReceivingSchoolKey] = QuestionView.Message(t, new FormError(TransferRequest.ReceivingSchoolKey, FormErrorKind.NotAChoice), Questions, English);
            return Refused();
        }

        Submitted = await submission.SubmitAsync(application, ct);
        return Page();
    }

    /// <summary>The receipt of the dossier this page's key submitted.</summary>
    public Task<IActionResult> OnPostReceiptAsync(CancellationToken ct) => receipts.FileAsync(this, service.Key, Key, current.Unit.Id, "Đơn đề nghị chuyển trường (nộp trực tuyến)", ct);

    protected override async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await service.OfferingsAsync(db, current.Unit.Id, includeUnpublished: false, ct) is not [var offering, ..])
        {
            return false;
        }

        Offering = offering;
        Questions = TransferRequest.Questions(TransferRequest.GradesOf(current.Unit.Kind), await TransferService.ReceivingSchoolsAsync(db, current.Unit.Id, ct));
        return true;
    }
}
