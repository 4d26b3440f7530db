using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Services.Data.Exams;
using Services.Web.Security;
using Services.Web.Units;
using Services.Workflows.Exams;

namespace Services.Web.Pages.Exams.Staff;

/// <summary>The unit's certificate registry: import a file (all or nothing, with its report), each certificate's QR link, and the way to propose its revocation or correction.</summary>
[RequestSizeLimit(ExamModel.MaxFileBytes + (1024 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = ExamModel.MaxFileBytes + (1024 * 1024))]
public sealed class CertificatesModel(CertificateRegistry registry, VerificationTokens tokens, PublicLinks links, CurrentUnit current) : PageModel
{
    public IReadOnlyList<Certificate> Certificates { get; private set; } = [];
    public ImportReport? Report { get; private set; }
    public string? Message { get; private set; }

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
}
