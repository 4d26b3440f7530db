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
        // What was received: the online application itself, then each attached file (never the answers themselves).
        List<ReceiptItem> items =
        [
            new($"Đơn {Form.TitleVi.ToLower(System.Globalization.CultureInfo.GetCultureInfo("vi-VN"))} (nộp trực tuyến)", "Bản điện tử"),
            .. Journey.AllFields
                .Where(f => f.Kind == Data.Dossiers.FormFieldKind.File)
                .Select(f => (Field: f, File: DossierFile.Parse(data.GetValueOrDefault(f.Key))))
                .Where(a => a.File is not null)
                .Select(a => new ReceiptItem($"{a.Field.LabelVi}: {a.File!.Name}", "Tệp đính kèm")),
        ];
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
