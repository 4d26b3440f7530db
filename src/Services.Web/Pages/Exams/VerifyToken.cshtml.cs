using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Services.Web.Security;
using Services.Web.Units;
using Services.Workflows.Exams;

namespace Services.Web.Pages.Exams;

/// <summary>
/// Where a certificate's QR code leads: a genuine token shows the registry's answer and offers the verification
/// statement; an altered or made-up token is "not found", like any unknown address.
/// </summary>
public sealed class VerifyTokenModel(CertificateRegistry registry, VerificationTokens tokens, UnitDirectory units, TimeProvider clock) : PageModel
{
    public CertificateCheck Result { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct) => await LoadAsync(token, ct) ? Page() : NotFound();

    /// <summary>The verification statement, stamped with the time of this check.</summary>
    public async Task<IActionResult> OnGetStatementAsync(string token, CancellationToken ct)
    {
        if (!await LoadAsync(token, ct))
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "no-store";
        return File(CertificateStatement.Render(Result.Certificate, Result.IssuerName, clock.GetUtcNow()), "application/pdf",
            $"xac-minh-{Result.Certificate.Serial}.pdf");
    }

    private async Task<bool> LoadAsync(string token, CancellationToken ct)
    {
        if (tokens.Read(VerifiedDocument.Certificate, token) is not { } id || await registry.FindAsync(id, ct) is not { } certificate)
        {
            return false;
        }

        var issuer = await units.FindByIdAsync(certificate.UnitId, ct);
        Result = new CertificateCheck(certificate, issuer?.Name ?? "", token);
        return true;
    }
}
