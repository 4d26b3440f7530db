using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Services.Data;
using Services.Data.Identity;
using Services.Web.Localization;
using Services.Web.Security;

namespace Services.Web.Pages.Account;

/// <summary>
/// Password sign-in. Unknown account, wrong password, unconfirmed account and locked account get one identical answer
/// after the same work (one password hash check), so neither the page nor its timing tells who has an account; the
/// owner of an unconfirmed or locked account learns the reason by e-mail (S7, finding 6). Wrong passwords never lock
/// the account — that would let anyone lock a staff member out — they throttle the client that sends them instead.
/// </summary>
[Throttled("sign-in-client")]
public sealed class SignInModel(
    SignInManager<PortalUser> signIn, UserManager<PortalUser> users, PortalDbContext db, AccountMail mail, RequestThrottle throttle,
    IPasswordHasher<PortalUser> hasher, IConfiguration configuration, IStringLocalizer<AccountResource> text)
    : AccountPageModel(text)
{
    /// <summary>A distributed guesser against one account meets this delay, never a lockout.</summary>
    private static readonly TimeSpan SlowDown = TimeSpan.FromSeconds(2);

    private static readonly Lazy<string> DecoyHashSource = new(() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
    private static string? _decoyHash;

    [BindProperty]
    public SignInForm Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var returnUrl = SafeReturnUrl(ReturnUrl);
        AddErrors(nameof(Input), Input.Validate());
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var email = InputRules.Clean(Input.Email)!;
        var password = Input.Password!;
        var pairRule = ThrottleRules.SignInFailuresPerAccountAndClient.From(configuration);
        var pair = $"{email}|{ClientAddress.Of(HttpContext)}";
        var pairFailures = await throttle.PeekAsync(pairRule, pair, ct);
        if (pairFailures.Hits >= pairRule.Limit)
        {
            return ThrottledAttribute.TooManyRequests(HttpContext, pairFailures.RetryAfter(throttle.Now));
        }

        var accountRule = ThrottleRules.SignInFailuresPerAccount.From(configuration);
        if ((await throttle.PeekAsync(accountRule, email, ct)).Hits >= accountRule.Limit)
        {
            await Task.Delay(SlowDown, ct);
        }

        var user = await users.FindByEmailAsync(email);
        if (user is null ? !DecoyCheck(password) : !await users.CheckPasswordAsync(user, password))
        {
            await throttle.HitAsync(pairRule, pair, ct);
            await throttle.HitAsync(accountRule, email, ct);
            return Failed();
        }

        if (await users.IsLockedOutAsync(user!))
        {
            await mail.SendLockedOutAsync(user!.Email!, user.FullName, mail.Link(Url.Content("~/tai-khoan/quen-mat-khau")), ct);
            return Failed();
        }

        if (!await users.IsEmailConfirmedAsync(user!))
        {
            var token = await users.GenerateEmailConfirmationTokenAsync(user!);
            var link = mail.Link(Url.Content("~/tai-khoan/xac-nhan-email")) + AccountMail.TokenQuery(user!.Id, token);
            await mail.SendConfirmationAsync(user.Email!, user.FullName, link, ct);
            return Failed();
        }

        await throttle.ResetAsync(pairRule, pair, ct);
        var isStaff = await db.UnitMemberships.AnyAsync(m => m.UserId == user!.Id, ct);
        if (isStaff)
        {
            returnUrl = Workplace.WorkplaceLanding.For(returnUrl, Request.PathBase, Url.Content("~/can-bo"));
        }

        var result = await signIn.PasswordSignInAsync(user!, password, isPersistent: false, lockoutOnFailure: false);
        if (result.RequiresTwoFactor)
        {
            return LocalRedirect(Url.Content("~/tai-khoan/xac-thuc-hai-buoc") + QueryString.Create("returnUrl", returnUrl));
        }

        if (!result.Succeeded)
        {
            return Failed();
        }

        // Every role other than Citizen needs a second factor: staff without one set it up before anything else.
        if (!user!.TwoFactorEnabled && isStaff)
        {
            return LocalRedirect(Url.Content("~/tai-khoan/xac-thuc-hai-buoc/thiet-lap") + QueryString.Create("returnUrl", returnUrl));
        }

        return LocalRedirect(returnUrl);
    }

    private Microsoft.AspNetCore.Mvc.RazorPages.PageResult Failed()
    {
        ModelState.AddModelError("", Text["SignIn.Failed"]);
        return Page();
    }

    /// <summary>The same password hash check a real account costs, against a hash nobody knows the password of.</summary>
    private bool DecoyCheck(string password)
    {
        var decoy = new PortalUser { FullName = "" };
        _decoyHash ??= hasher.HashPassword(decoy, DecoyHashSource.Value);
        hasher.VerifyHashedPassword(decoy, _decoyHash, password);
        return false;
    }
}

public sealed class SignInForm
{
    public string? Email { get; set; }
    public string? Password { get; set; }

    public IEnumerable<FormError> Validate() =>
        InputRules.Email(nameof(Email), Email).Concat(InputRules.Password(nameof(Password), Password));
}
