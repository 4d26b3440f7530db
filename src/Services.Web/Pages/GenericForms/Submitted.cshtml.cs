using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Web.Security;
using Services.Web.Units;
using Services.Workflows.Documents;
using Services.Workflows.Dossiers;
using Services.Workflows.GenericForms;

namespace Services.Web.Pages.GenericForms;

/// <summary>The confirmation: tracking code, expected completion date, the receipt (giấy biên nhận) as a PDF.</summary>
public sealed class SubmittedModel(PortalDbContext db, FormDrafts drafts, CurrentUnit current, DossierSubmission submission, UnitDirectory units, PublicLinks links,
    VerificationTokens verification)
    : GenericFormPageModel(db, drafts, current)
{
    public SubmittedDossier Dossier { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string service, CancellationToken ct) =>
        await LoadDossierAsync(service, ct) ?? Page();

    public async Task<IActionResult> OnGetReceiptAsync(string service, CancellationToken ct)
    {
        if (await LoadDossierAsync(service, ct) is { } problem)
        {
            return problem;
        }

        var parent = Unit.ParentId is { } parentId ? await units.FindByIdAsync(parentId, ct) : null;
        // The draft's answers ended with the submission; the receipt states what the dossier holds.
        var data = await Db.Dossiers.AsNoTracking().Where(d => d.Id == Dossier.Id).Select(d => d.Data).SingleAsync(ct);
        var items = Journey.AllFields
            .Where(f => f.Kind is not Data.Dossiers.FormFieldKind.Checkbox && data.ContainsKey(f.Key))
            .Where(f => !f.Key.StartsWith("nguoi-nop-", StringComparison.Ordinal))
            .Select(f => new ReceiptItem(f.LabelVi, f.Kind == Data.Dossiers.FormFieldKind.File ? DossierFile.Parse(data[f.Key])?.Name ?? ""
                : f.Kind == Data.Dossiers.FormFieldKind.Date && DateOnly.TryParseExact(data[f.Key], "yyyy-MM-dd", out var date)
                ? date.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture)
                : data[f.Key]))
            .ToList();
        var receipt = new ReceiptData(
            parent?.NameVi ?? "", Unit.NameVi, Dossier.TrackingCode, data[FormJourney.ApplicantName], Form.TitleVi, Dossier.SubmittedAt, items,
            Dossier.DueDate ?? DateOnly.FromDateTime(Dossier.SubmittedAt.UtcDateTime), links.To(Url.Content("~/tra-cuu-ho-so")))
        {
            ApplicantContact = data.GetValueOrDefault(FormJourney.ApplicantPhone),
            QrUrl = verification.ReceiptLink(Dossier.Id, Url),
        };
        return File(ReceiptDocument.Render(receipt), "application/pdf", $"bien-nhan-{Dossier.TrackingCode}.pdf");
    }

    private async Task<IActionResult?> LoadDossierAsync(string service, CancellationToken ct)
    {
        if (!await LoadAsync(service, ct))
        {
            return NotFound();
        }

        if (Draft is null || await submission.FindAsync(Draft.Id, ct) is not { } dossier)
        {
            return BackToStart();
        }

        Dossier = dossier;
        return null;
    }
}
