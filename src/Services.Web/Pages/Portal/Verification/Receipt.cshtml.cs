using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Dossiers;
using Services.Web.Security;
using Services.Web.Units;

namespace Services.Web.Pages.Portal.Verification;

/// <summary>
/// Where a receipt's QR code leads: a genuine token shows what the receipt states, the applicant's name masked (S5);
/// an altered or made-up token is "not found", like any other unknown address.
/// </summary>
public sealed class ReceiptModel(PortalDbContext db, VerificationTokens tokens, UnitDirectory units) : PageModel
{
    public Dossier Dossier { get; private set; } = null!;
    public string UnitName { get; private set; } = "";
    public string MaskedApplicant => PersonalData.MaskName(Dossier.ApplicantName);

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        if (tokens.Read(VerifiedDocument.Receipt, token) is not { } id
            || await db.Dossiers.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, ct) is not { } dossier)
        {
            return NotFound();
        }

        Dossier = dossier;
        var unit = await units.FindByIdAsync(dossier.UnitId, ct);
        UnitName = unit?.Name ?? "";
        return Page();
    }
}
