using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Services.Data;
using Services.Data.Dossiers;
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
    PortalDbContext db, CurrentUnit current, UnitDirectory units, TransferService service, DossierSubmission submission, PublicLinks links,
    VerificationTokens verification, IStringLocalizer<SharedResource> t, TimeProvider clock)
    : PageModel
{
    [BindProperty(Name = "khoa")]
    public Guid Key { get; set; }

    public ServiceOffering Offering { get; private set; } = null!;
    public IReadOnlyList<FormField> Questions { get; private set; } = [];
    public Dictionary<string, string?> Values { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public SubmittedDossier? Submitted { get; private set; }
    public static bool English => CulturePathMiddleware.IsEnglish;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        Key = Guid.NewGuid();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        var raw = Questions.ToDictionary(q => q.Key, q => (string?)Request.Form[QuestionView.FieldPrefix + q.Key].FirstOrDefault(), StringComparer.Ordinal);
        foreach (var (key, value) in raw)
        {
            Values[key] = value is { Length: > 5000 } ? value[..5000] : value;
        }

        var (request, errors) = TransferRequest.From(Questions, raw, VietnamTime.Today(clock));
        foreach (var error in errors)
        {
            Errors[error.FieldKey] = QuestionView.Message(t, error, Questions, English);
        }

        if (request is null || Key == Guid.Empty)
        {
            return Unprocessable();
        }

        var actor = new Actor(User.UserId(), null, null, HttpContext.Connection.RemoteIpAddress?.ToString(),
            User.FindFirst(PortalClaims.FullName)?.Value ?? request.ApplicantName);
        var statusUrl = links.To(Url.Content("~/tra-cuu-ho-so"));
        var application = await service.ApplicationAsync(db, request, current.Unit.Id, Key, statusUrl, actor, ct);
        if (application is null)
        {
            // The school list offered only valid schools: this is a forged or stale form.
            Errors[TransferRequest.ReceivingSchoolKey] = QuestionView.Message(t, new FormError(TransferRequest.ReceivingSchoolKey, FormErrorKind.NotAChoice), Questions, English);
            return Unprocessable();
        }

        Submitted = await submission.SubmitAsync(application, ct);
        return Page();
    }

    /// <summary>The receipt (giấy biên nhận) of the dossier this page's key submitted; the key is known only to the page that submitted it.</summary>
    public async Task<IActionResult> OnPostReceiptAsync(CancellationToken ct)
    {
        var dossier = Key == Guid.Empty ? null : await db.Dossiers.AsNoTracking()
            .SingleOrDefaultAsync(d => d.IdempotencyKey == Key && d.ServiceKey == service.Key && d.UnitId == current.Unit.Id, ct);
        if (dossier is null)
        {
            return NotFound();
        }

        var parent = current.Unit.ParentId is { } parentId ? await units.FindByIdAsync(parentId, ct) : null;
        var receipt = new ReceiptData(parent?.NameVi ?? "", current.Unit.NameVi, dossier.TrackingCode, dossier.ApplicantName, dossier.ServiceTitleVi,
            dossier.SubmittedAt, [new ReceiptItem("Đơn đề nghị chuyển trường (nộp trực tuyến)", "Bản điện tử")],
            dossier.DueDate ?? DateOnly.FromDateTime(dossier.SubmittedAt.UtcDateTime), links.To(Url.Content("~/tra-cuu-ho-so")))
        {
            ApplicantContact = dossier.ApplicantPhone,
            QrUrl = verification.ReceiptLink(dossier.Id, Url),
        };
        Response.Headers.CacheControl = "no-store";
        return File(ReceiptDocument.Render(receipt), "application/pdf", $"bien-nhan-{dossier.TrackingCode}.pdf");
    }

    private PageResult Unprocessable()
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        Key = Key == Guid.Empty ? Guid.NewGuid() : Key;
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
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
