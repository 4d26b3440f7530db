using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;
using Services.Data;
using Services.Data.Dossiers;
using Services.Data.Units;
using Services.Web.Dossiers;
using Services.Web.Localization;
using Services.Web.Security;
using Services.Web.Units;
using Services.Workflows.Admissions;
using Services.Workflows.Documents;
using Services.Workflows.Dossiers;
using Services.Workflows.Runtime;

namespace Services.Web.Pages.Admissions;

/// <summary>
/// The family's application to the district's open campaign, on one page: the child, the parent, the residence, the
/// priority group, the ranked choices and the declaration. The answer is the tracking code and the receipt; the key in
/// the form makes a double click or a resubmitted page land on the same dossier, and the database refuses a second
/// active application for the same child.
/// </summary>
public sealed class ApplyModel(
    UnitDirectory units, CurrentUnit current, AdmissionCampaigns campaigns, AdmissionService service, DossierSubmission submission, PublicLinks links,
    DossierReceipts receipts, IStringLocalizer<SharedResource> t, TimeProvider clock)
    : ApplicationPage
{
    public CampaignView Campaign { get; private set; } = null!;
    public IReadOnlyList<FormField> Questions { get; private set; } = [];
    public IReadOnlyList<SchoolChoice> Schools { get; private set; } = [];

    /// <summary>A signed-in parent's account fills in the parent's name, phone and e-mail (the admission form's own keys).</summary>
    protected override ApplicantKeys ApplicantKeys { get; } =
        new(AdmissionRequest.ParentNameKey, AdmissionRequest.ParentPhoneKey, AdmissionRequest.ParentEmailKey);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        if (!Campaign.RegistrationOpen)
        {
            return Page();
        }

        var raw = ReadAnswers(Questions);

        var (request, errors, rules) = AdmissionRequest.From(Campaign.Campaign, Questions, raw, VietnamTime.Today(clock));
        foreach (var error in errors)
        {
            Errors[error.FieldKey] = QuestionView.Message(t, error, Questions, English);
        }

        foreach (var (key, text) in rules)
        {
            Errors[key] = t[text];
        }

        if (request is null || Key == Guid.Empty)
        {
            return Refused();
        }

        var school = Schools.Single(s => s.Id == request.Choices[0]);
        var actor = new Actor(User.UserId(), null, null, HttpContext.Connection.RemoteIpAddress?.ToString(),
            User.FindFirst(PortalClaims.FullName)?.Value ?? request.ParentName);
        try
        {
            Submitted = await submission.SubmitAsync(service.Application(request, school.Id, school.NameVi, Key, links.To(Url.Content("~/tra-cuu-ho-so")), actor), ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == AdmissionService.OneApplicationPerChild)
        {
            Errors[AdmissionRequest.PersonalIdKey] = t["Admissions.Error.AlreadyApplied"];
            return Refused();
        }

        return Page();
    }

    /// <summary>The receipt of the dossier this page's key submitted.</summary>
    public Task<IActionResult> OnPostReceiptAsync(CancellationToken ct) => receipts.FileAsync(this, service.Key, Key, null, "Đơn đăng ký tuyển sinh đầu cấp (nộp trực tuyến)", ct);

    protected override async Task<bool> LoadAsync(CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        if (await campaigns.OpenForAsync(current.Unit.Kind, current.Unit.Id, current.Unit.ParentId, ct) is not { } campaign)
        {
            return false;
        }

        Campaign = campaign;
        // The schools' names from the cached unit tree: a submission reads only the campaign's phase and writes its batch.
        var schools = new List<SchoolChoice>();
        foreach (var school in campaign.Campaign.Schools)
        {
            if (await units.FindByIdAsync(school.SchoolId, ct) is { } unit)
            {
                schools.Add(new SchoolChoice(unit.Id, unit.NameVi, unit.NameEn));
            }
        }

        Schools = schools.OrderBy(s => s.NameVi, StringComparer.Ordinal).ToList();
        Questions = AdmissionRequest.Questions(campaign.Campaign, Schools);
        return true;
    }
}
