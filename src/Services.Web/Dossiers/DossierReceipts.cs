using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Web.Security;
using Services.Web.Units;
using Services.Workflows.Documents;

namespace Services.Web.Dossiers;

/// <summary>
/// The receipt (giấy biên nhận) a service's application page offers right after submitting: found by the page's
/// idempotency key, which only the page that submitted knows, and never by anything a stranger could guess.
/// </summary>
public sealed class DossierReceipts(PortalDbContext db, UnitDirectory units, PublicLinks links, VerificationTokens verification)
{
    /// <param name="page">The application page answering the request (its URL helper and response).</param>
    /// <param name="serviceKey">The service whose dossier it must be.</param>
    /// <param name="key">The page's idempotency key.</param>
    /// <param name="unitId">The unit that received it; null when the service files it under a unit of the applicant's choice (admissions).</param>
    /// <param name="application">What the receipt says was received, e.g. "Đơn đề nghị chuyển trường (nộp trực tuyến)".</param>
    public async Task<IActionResult> FileAsync(PageModel page, string serviceKey, Guid key, Guid? unitId, string application, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(page);
        var dossier = key == Guid.Empty ? null : await db.Dossiers.AsNoTracking()
            .SingleOrDefaultAsync(d => d.IdempotencyKey == key && d.ServiceKey == serviceKey && (unitId == null || d.UnitId == unitId), ct);
        if (dossier is null)
        {
            return page.NotFound();
        }

        var unit = await units.FindByIdAsync(dossier.UnitId, ct);
        var parent = unit?.ParentId is { } parentId ? await units.FindByIdAsync(parentId, ct) : null;
        var receipt = new ReceiptData(parent?.NameVi ?? "", unit?.NameVi ?? "", dossier.TrackingCode, dossier.ApplicantName, dossier.ServiceTitleVi,
            dossier.SubmittedAt, [new ReceiptItem(application, "Bản điện tử")],
            dossier.DueDate ?? DateOnly.FromDateTime(dossier.SubmittedAt.UtcDateTime), links.To(page.Url.Content("~/tra-cuu-ho-so")))
        {
            ApplicantContact = dossier.ApplicantPhone,
            QrUrl = verification.ReceiptLink(dossier.Id, page.Url),
        };
        page.Response.Headers.CacheControl = "no-store";
        return page.File(ReceiptDocument.Render(receipt), "application/pdf", $"bien-nhan-{dossier.TrackingCode}.pdf");
    }
}
