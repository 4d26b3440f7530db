using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Services.Web.Security;
using Services.Web.Units;
using Services.Workflows.Exams;

namespace Services.Web.Pages.Exams;

/// <summary>
/// Xác minh văn bằng: serial number, holder's name and date of birth, all three (the register number alone never
/// works: it is sequential). "No such serial" and "wrong name or date" answer alike; <see cref="LookupGuard"/> limits
/// guessing per client and per serial.
/// </summary>
public sealed class VerifyModel(CertificateRegistry registry, LookupGuard guard, VerificationTokens tokens, UnitDirectory units) : PageModel
{
    private const string GuardKind = "certificate";

    [BindProperty(Name = "so-hieu")]
    public string? Serial { get; set; }

    [BindProperty(Name = "ho-ten")]
    public string? HolderName { get; set; }

    [BindProperty(Name = "ngay-sinh")]
    public string? DateOfBirth { get; set; }

    public CertificateCheck? Result { get; private set; }
    public bool NotFoundMessage { get; private set; }
    public bool MissingInput { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        DateOnly? dob = DateOnly.TryParseExact(DateOfBirth, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed : null;
        var serial = Serial?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(serial) || serial.Length > 30 || string.IsNullOrWhiteSpace(HolderName) || HolderName.Length > 200 || dob is null)
        {
            MissingInput = true;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        if (await guard.BeforeAsync(HttpContext, GuardKind, serial, ct) is { } refused)
        {
            return refused;
        }

        var (match, _) = await registry.CheckAsync(serial, HolderName, dob.Value, ct);
        if (match is null)
        {
            await guard.FailedAsync(GuardKind, serial, null, ct);
            NotFoundMessage = true;
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        var issuer = await units.FindByIdAsync(match.UnitId, ct);
        Result = new CertificateCheck(match, issuer?.Name ?? "", tokens.Issue(VerifiedDocument.Certificate, match.Id));
        return Page();
    }
}
