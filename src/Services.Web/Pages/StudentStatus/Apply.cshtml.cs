using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Services.Data;
using Services.Web.Dossiers;
using Services.Web.Localization;
using Services.Web.Security;
using Services.Web.Units;
using Services.Workflows.Documents;
using Services.Workflows.Dossiers;
using Services.Workflows.Runtime;
using Services.Workflows.StudentStatus;

namespace Services.Web.Pages.StudentStatus;

/// <summary>
/// Xác nhận học sinh on one page: the parent answers the service's questions and submits; the answer is the tracking
/// code. The key in the form makes a double click or a resubmitted page land on the same dossier.
/// </summary>
public sealed class ApplyModel(
    PortalDbContext db, CurrentUnit current, StudentStatusService service, DossierSubmission submission, PublicLinks links, DossierReceipts receipts,
    IStringLocalizer<SharedResource> t, TimeProvider clock)
    : ApplicationPage
{
    public ServiceOffering Offering { get; private set; } = null!;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        var raw = ReadAnswers(StudentStatusRequest.Questions);

        var (request, errors) = StudentStatusRequest.From(raw, VietnamTime.Today(clock));
        foreach (var error in errors)
        {
            Errors[error.FieldKey] = QuestionView.Message(t, error, StudentStatusRequest.Questions, English);
        }

        if (request is null || Key == Guid.Empty)
        {
            return Refused();
        }

        var actor = new Actor(User.UserId(), null, null, HttpContext.Connection.RemoteIpAddress?.ToString(),
            User.FindFirst(PortalClaims.FullName)?.Value ?? request.ApplicantName);
        var statusUrl = links.To(Url.Content("~/tra-cuu-ho-so"));
        Submitted = await submission.SubmitAsync(service.Application(request, current.Unit.Id, current.Unit.NameVi, Key, statusUrl, actor), ct);
        return Page();
    }

    /// <summary>The receipt of the dossier this page's key submitted.</summary>
    public Task<IActionResult> OnPostReceiptAsync(CancellationToken ct) => receipts.FileAsync(this, service.Key, Key, current.Unit.Id, "Tờ khai đề nghị cấp giấy xác nhận học sinh (nộp trực tuyến)", ct);

    protected override async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await service.OfferingsAsync(db, current.Unit.Id, includeUnpublished: false, ct) is not [var offering, ..])
        {
            return false;
        }

        Offering = offering;
        return true;
    }
}
