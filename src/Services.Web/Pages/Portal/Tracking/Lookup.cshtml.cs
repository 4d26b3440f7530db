using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Services.Web.Security;
using Services.Workflows.Dossiers;

namespace Services.Web.Pages.Portal.Tracking;

/// <summary>
/// Anyone with the tracking code and the applicant's date of birth or phone sees the dossier's status. "No such code"
/// and "wrong second factor" get the same answer, and the page is rate-limited per client (S3).
/// </summary>
[EnableRateLimiting(PortalRateLimits.Lookup)]
public sealed class LookupModel(DossierTracking tracking) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "ma")]
    public string? Code { get; set; }

    [BindProperty(Name = "ngay-sinh")]
    public string? DateOfBirth { get; set; }

    [BindProperty(Name = "dien-thoai")]
    public string? Phone { get; set; }

    public DossierStatus? Result { get; private set; }
    public bool NotFoundMessage { get; private set; }
    public bool MissingInput { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var code = TrackingCode.Normalize(Code);
        DateOnly? dob = DateOnly.TryParseExact(DateOfBirth, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed : null;
        if (string.IsNullOrWhiteSpace(Code) || (dob is null && string.IsNullOrWhiteSpace(Phone)))
        {
            MissingInput = true;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        var status = code is null ? null : await tracking.FindAsync(code, ct);
        if (status is null || !DossierTracking.SecondFactorMatches(status.Dossier, dob, Phone))
        {
            NotFoundMessage = true;
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        Result = status;
        return Page();
    }
}
