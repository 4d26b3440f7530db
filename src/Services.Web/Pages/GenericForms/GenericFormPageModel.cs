using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Services.Data;
using Services.Data.GenericForms;
using Services.Web.Localization;
using Services.Web.Security;
using Services.Web.Units;
using Services.Workflows.GenericForms;

namespace Services.Web.Pages.GenericForms;

/// <summary>What every page of a citizen's journey through one online form needs: the form, the journey, the draft.</summary>
public abstract class GenericFormPageModel(PortalDbContext db, FormDrafts drafts, CurrentUnit current) : PageModel
{
    /// <summary>
    /// The draft's resume token, from its cookie: never in a URL of the journey, where logs, history and Referer
    /// headers would keep it (finding 9). Only the mailed resume link carries it, until it is exchanged for the cookie.
    /// </summary>
    public string? Token { get; protected set; }

    public OnlineForm Form { get; private set; } = null!;
    public FormJourney Journey { get; private set; } = null!;
    public DossierDraft? Draft { get; private set; }
    public UnitView Unit => current.Unit;
    public static bool English => CulturePathMiddleware.IsEnglish;
    public string Title => English ? Form.TitleEn : Form.TitleVi;

    protected PortalDbContext Db => db;
    protected FormDrafts Drafts => drafts;

    /// <summary>Loads the published form <paramref name="service"/> of the current unit and the draft, if any.</summary>
    protected async Task<bool> LoadAsync(string service, CancellationToken ct)
    {
        // The draft's cookie is named by the form's id, known only with the form. A journey's requests carry one draft
        // cookie: its token is looked up with the form, in one round trip (ADR 0036); only when it turns out not to be
        // this form's (or there are several) is the draft looked up again under the form's own cookie.
        var guess = Token ?? OnlyDraftToken();
        var (form, draft) = await drafts.FindWithFormAsync(current.Unit.Id, service, guess, ct);
        if (form is null)
        {
            return false;
        }

        Form = form;
        Journey = new FormJourney(form);
        Token ??= Request.Cookies[DraftCookie(form.Id)];
        Draft = Token == guess ? draft : await drafts.FindAsync(form.Id, Token, ct);
        return true;
    }

    /// <summary>Keeps the draft's token in an HttpOnly cookie until the draft expires; one cookie per form, so two drafts can run side by side.</summary>
    protected void KeepToken(string token, DateTimeOffset expires) =>
        Response.Cookies.Append(DraftCookie(Form.Id), token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax, // the mailed resume link is a top-level navigation from another site
            Secure = Request.IsHttps || PublicLinks.IsHttpsConfigured(HttpContext.RequestServices.GetRequiredService<IConfiguration>()),
            Path = "/", // the same cookie under /en
            Expires = expires,
            IsEssential = true,
        });

    /// <summary>A page's heading: its name ("Thông tin học sinh"), or "Bước 2/4" when the form does not name it.</summary>
    public string HeadingOf(int step) => step == 1
        ? Localizer["Apply.ApplicantStep"]
        : Journey.NameOf(step)?.In(English) ?? Localizer["Apply.StepOf", step, Journey.StepCount];

    private IStringLocalizer<SharedResource> Localizer => HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();

    private const string DraftCookiePrefix = "portal.draft-";

    private static string DraftCookie(Guid formId) => $"{DraftCookiePrefix}{formId:N}";

    /// <summary>The token of the request's draft cookie when it carries exactly one, whichever form it is for.</summary>
    private string? OnlyDraftToken()
    {
        string? token = null;
        foreach (var (name, value) in Request.Cookies)
        {
            if (name.StartsWith(DraftCookiePrefix, StringComparison.Ordinal))
            {
                if (token is not null)
                {
                    return null;
                }

                token = value;
            }
        }

        return token;
    }

    protected string StepUrl(int step) => Url.Content($"~/{Unit.Slug}/dich-vu/{Form.Slug}/buoc/{step}");

    protected string ReviewUrl() => Url.Content($"~/{Unit.Slug}/dich-vu/{Form.Slug}/kiem-tra");

    protected string SubmittedUrl() => Url.Content($"~/{Unit.Slug}/dich-vu/{Form.Slug}/da-nop");

    /// <summary>The link a resume mail carries: the one URL with the token, exchanged for the cookie on first use.</summary>
    protected string ResumeUrl() => Url.Content($"~/{Unit.Slug}/dich-vu/{Form.Slug}?handler=Resume&ban-nhap={Uri.EscapeDataString(Token ?? "")}");

    protected IActionResult BackToStart() => Redirect(Url.Content($"~/{Unit.Slug}/dich-vu/{Form.Slug}?het-han=1"));
}
