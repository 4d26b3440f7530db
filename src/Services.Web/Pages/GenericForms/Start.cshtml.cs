using Microsoft.AspNetCore.Mvc;
using Services.Data;
using Services.Web.Dossiers;
using Services.Web.Security;
using Services.Web.Units;
using Services.Workflows.GenericForms;

namespace Services.Web.Pages.GenericForms;

/// <summary>The service's front page: what it is, how long it takes, what to prepare; "start" opens a draft.</summary>
public sealed class StartModel(PortalDbContext db, FormDrafts drafts, CurrentUnit current, AccountPrefill prefill)
    : GenericFormPageModel(db, drafts, current)
{
    /// <summary>"het-han=1" when a journey page found no draft under its token (see <see cref="GenericFormPageModel.BackToStart"/>).</summary>
    [BindProperty(SupportsGet = true, Name = "het-han")]
    public string? ExpiredFlag { get; set; }

    public bool DraftExpired => ExpiredFlag == "1";

    public async Task<IActionResult> OnGetAsync(string service, CancellationToken ct) =>
        await LoadAsync(service, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string service, CancellationToken ct)
    {
        if (!await LoadAsync(service, ct))
        {
            return NotFound();
        }

        var firstAnswers = await prefill.AnswersAsync(User, ApplicantKeys.Standard);
        var (draft, token) = await Drafts.StartAsync(Form, User.UserId(), firstAnswers, ct);
        KeepToken(token, draft.ExpiresAt);
        return Redirect(StepUrl(1));
    }

    /// <summary>The mailed resume link: the token moves into the cookie and the visitor goes on at a URL without it.</summary>
    public async Task<IActionResult> OnGetResumeAsync(string service, [FromQuery(Name = "ban-nhap")] string? token, CancellationToken ct)
    {
        Token = token;
        if (!await LoadAsync(service, ct))
        {
            return NotFound();
        }

        if (Draft is null)
        {
            return BackToStart();
        }

        KeepToken(token!, Draft.ExpiresAt);
        return Redirect(Draft.SubmittedAt is not null ? SubmittedUrl() : StepUrl(Math.Clamp(Draft.CurrentStep, 1, Journey.StepCount)));
    }
}
