using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Services.Web.Security;
using Microsoft.Extensions.Localization;
using Services.Web.Localization;
using Services.Workflows.Dossiers;
using Services.Workflows.Dossiers.Attachments;
using Services.Workflows.Forms;
using Services.Workflows.Runtime;

namespace Services.Web.Pages.Portal.Tracking;

/// <summary>
/// Anyone with the tracking code and the applicant's date of birth or phone sees the dossier's status. "No such code"
/// and "wrong second factor" get the same answer, and <see cref="LookupGuard"/> limits guessing per client and per code (S3).
/// </summary>
public sealed class LookupModel(
    DossierTracking tracking, DossierSupplements supplements, DossierCitizenActions citizenActions, IAttachmentStore attachments, IStringLocalizer<SharedResource> t,
    LookupGuard guard) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "ma")]
    public string? Code { get; set; }

    [BindProperty(Name = "ngay-sinh")]
    public string? DateOfBirth { get; set; }

    [BindProperty(Name = "dien-thoai")]
    public string? Phone { get; set; }

    [BindProperty(Name = "ghi-chu")]
    public string? Note { get; set; }

    public DossierStatus? Result { get; private set; }
    public string? SupplementError { get; private set; }
    public bool SupplementAccepted { get; private set; }
    public bool AwaitingSupplement => Result?.Actions.HasFlag(CitizenActions.Supplement) == true;
    public bool MayWithdraw => Result?.Actions.HasFlag(CitizenActions.Withdraw) == true;
    public bool MayRate => Result is { IsFinished: true, Dossier.Rating: null } && Result.Actions.HasFlag(CitizenActions.Rate);
    public ServiceDocument? Document => Result is null ? null : Result.Service.DecisionDocument(Result);
    public bool Withdrawn { get; private set; }
    public bool NotFoundMessage { get; private set; }
    public bool MissingInput { get; private set; }

    /// <summary>A signed-in applicant opening one of their own dossiers (from "Hồ sơ của tôi") sees it without a second factor; anyone else gets the empty form.</summary>
    public async Task OnGetAsync(CancellationToken ct)
    {
        if (TrackingCode.Normalize(Code) is { } code && await OwnDossierAsync(code, ct) is { } own)
        {
            Result = own;
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct) => await FindAsync(ct) ?? Page();

    /// <summary>The applicant adds what was asked for; the same two factors are checked again.</summary>
    public async Task<IActionResult> OnPostSupplementAsync(IFormFile? tep, CancellationToken ct)
    {
        if (await FindAsync(ct) is { } refused)
        {
            return refused;
        }

        var (note, noteProblem) = CleanText.Check(Note, 2000, allowLineBreaks: true);
        if (noteProblem is not null)
        {
            SupplementError = t["Supplement.NoteInvalid"];
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        DossierFile? file = null;
        if (tep is { Length: > 0 })
        {
            await using var stream = tep.OpenReadStream();
            var saved = await attachments.SaveAsync(stream, tep.FileName, 0, ct);
            if (saved.Attachment is null)
            {
                SupplementError = saved.Rejection!.Message(CultureInfo.CurrentUICulture);
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return Page();
            }

            file = DossierFile.From(saved.Attachment);
        }

        var actor = new Actor(User.UserId(), null, null, HttpContext.Connection.RemoteIpAddress?.ToString(), Result!.Dossier.ApplicantName);
        var outcome = await supplements.SubmitAsync(Result, note, file, actor, ct);
        if (outcome != SupplementResult.Accepted)
        {
            SupplementError = t["Supplement.NotWaiting"];
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        else
        {
            SupplementAccepted = true;
        }

        await FindAsync(ct);
        return Page();
    }

    [BindProperty(Name = "diem")]
    public int? Rating { get; set; }

    [BindProperty(Name = "nhan-xet")]
    public string? RatingComment { get; set; }

    public bool RatingSaved { get; private set; }

    /// <summary>After completion the applicant rates the service 1–5, once.</summary>
    public async Task<IActionResult> OnPostRateAsync(CancellationToken ct)
    {
        if (await FindAsync(ct) is { } refused)
        {
            return refused;
        }

        var (comment, commentProblem) = CleanText.Check(RatingComment, 1000, allowLineBreaks: true);
        if (Rating is not { } rating || commentProblem is CleanTextProblem.InvalidCharacters or CleanTextProblem.TooLong
            || !await citizenActions.RateAsync(Result!, rating, comment, ct))
        {
            SupplementError = t["Rating.Invalid"];
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        RatingSaved = true;
        await FindAsync(ct);
        return Page();
    }

    /// <summary>The applicant withdraws the dossier where the service allows it; the same two factors are checked again.</summary>
    public async Task<IActionResult> OnPostWithdrawAsync(CancellationToken ct)
    {
        if (await FindAsync(ct) is { } refused)
        {
            return refused;
        }

        var actor = new Actor(User.UserId(), null, null, HttpContext.Connection.RemoteIpAddress?.ToString(), Result!.Dossier.ApplicantName);
        if (!await citizenActions.ActAsync(Result, CitizenActions.Withdraw, actor, ct))
        {
            SupplementError = t["Supplement.NotWaiting"];
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        else
        {
            Withdrawn = true;
        }

        await FindAsync(ct);
        return Page();
    }

    /// <summary>The service's document for the dossier as it stands (e.g. an issued certificate), to its applicant only.</summary>
    public async Task<IActionResult> OnPostDocumentAsync(CancellationToken ct)
    {
        if (await FindAsync(ct) is { } refused)
        {
            return refused;
        }

        if (Document is not { } document)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "no-store";
        return File(document.Render(), "application/pdf", document.FileName);
    }

    private async Task<IActionResult?> FindAsync(CancellationToken ct)
    {
        var code = TrackingCode.Normalize(Code);
        DateOnly? dob = DateOnly.TryParseExact(DateOfBirth, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed : null;
        // The owner's own dossier (opened from "Hồ sơ của tôi") posts no second factor; one that is given is always checked.
        if (code is not null && dob is null && string.IsNullOrWhiteSpace(Phone) && await OwnDossierAsync(code, ct) is { } own)
        {
            Result = own;
            return null;
        }

        if (string.IsNullOrWhiteSpace(Code) || (dob is null && string.IsNullOrWhiteSpace(Phone)))
        {
            MissingInput = true;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();

        }

        var guarded = code ?? Code.Trim();
        if (await guard.BeforeAsync(HttpContext, "dossier", guarded, ct) is { } refused)
        {
            return refused;
        }

        var status = code is null ? null : await tracking.FindAsync(code, ct);
        if (status is null || !DossierTracking.SecondFactorMatches(status.Dossier, dob, Phone))
        {
            await guard.FailedAsync("dossier", guarded, status?.Dossier.ApplicantEmail, ct);
            NotFoundMessage = true;
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        Result = status;
        return null;
    }

    /// <summary>The dossier behind <paramref name="code"/> when the signed-in user submitted it; being its owner replaces the second factor.</summary>
    private async Task<DossierStatus?> OwnDossierAsync(string code, CancellationToken ct)
    {
        if (User.UserId() is not { } userId)
        {
            return null;
        }

        var status = await tracking.FindAsync(code, ct);
        return status?.Dossier.ApplicantUserId == userId ? status : null;
    }
}
