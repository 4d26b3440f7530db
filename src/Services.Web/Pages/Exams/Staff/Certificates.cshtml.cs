using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Services.Data.Exams;
using Services.Web.Security;
using Services.Web.Units;
using Services.Workflows.Exams;
using Services.Workflows.Forms;

namespace Services.Web.Pages.Exams.Staff;

/// <summary>The unit's certificate registry: import a file (all or nothing, with its report), revoke or correct, and each certificate's QR link.</summary>
[RequestSizeLimit(ExamModel.MaxFileBytes + (1024 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = ExamModel.MaxFileBytes + (1024 * 1024))]
public sealed class CertificatesModel(CertificateRegistry registry, VerificationTokens tokens, PublicLinks links, CurrentUnit current) : PageModel
{
    public IReadOnlyList<Certificate> Certificates { get; private set; } = [];
    public ImportReport? Report { get; private set; }
    public string? Message { get; private set; }

    [BindProperty(Name = "trang-thai")]
    public CertificateStatus Status { get; set; }

    [BindProperty(Name = "ghi-chu")]
    public string? Note { get; set; }

    public string VerificationLink(Certificate certificate) =>
        links.To(Url.Content($"~/xac-minh-van-bang/{tokens.Issue(VerifiedDocument.Certificate, certificate.Id)}"));

    public async Task OnGetAsync(CancellationToken ct) => Certificates = await registry.OfUnitAsync(current.Unit.Id, ct);

    public async Task<IActionResult> OnPostImportAsync(IFormFile? tep, CancellationToken ct)
    {
        if (tep is not { Length: > 0 and <= ExamModel.MaxFileBytes })
        {
            Message = "Exams.Staff.NoFile";
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        else
        {
            await using var stream = tep.OpenReadStream();
            Report = await registry.ImportAsync(current.Unit.Id, stream, ct);
            if (!Report.Succeeded)
            {
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            }
        }

        Certificates = await registry.OfUnitAsync(current.Unit.Id, ct);
        return Page();
    }

    /// <summary>Revokes a certificate with the reason, or records a correction with what changed.</summary>
    public async Task<IActionResult> OnPostStatusAsync(Guid id, CancellationToken ct)
    {
        var (note, problem) = CleanText.Check(Note, 1000, allowLineBreaks: false);
        if (problem is not null || string.IsNullOrEmpty(note) || Status == CertificateStatus.Valid || !Enum.IsDefined(Status))
        {
            Message = "Exams.Certificates.NoteNeeded";
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            Certificates = await registry.OfUnitAsync(current.Unit.Id, ct);
            return Page();
        }

        return await registry.ChangeStatusAsync(current.Unit.Id, id, Status, note, ct)
            ? Redirect(Url.Content($"~/can-bo/{current.Unit.Slug}/van-bang"))
            : NotFound();
    }
}
