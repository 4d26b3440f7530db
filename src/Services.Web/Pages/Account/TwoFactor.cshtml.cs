using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Services.Data.Identity;
using Services.Web.Localization;

namespace Services.Web.Pages.Account;

/// <summary>
/// The second step of signing in for users with two-factor enabled: a code from the authenticator app, or one of the
/// recovery codes. Identity marks the resulting sign-in with <c>amr=mfa</c>, which the staff policies require.
/// </summary>
public sealed class TwoFactorModel(SignInManager<PortalUser> signIn, IStringLocalizer<AccountResource> text) : AccountPageModel(text)
{
    [BindProperty]
    public TwoFactorForm Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? SignInAgain() : Page();

    public Task<IActionResult> OnPostAsync() =>
        VerifyAsync(nameof(TwoFactorForm.Code), code => signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false));

    public Task<IActionResult> OnPostRecoveryAsync() =>
        VerifyAsync(nameof(TwoFactorForm.RecoveryCode), signIn.TwoFactorRecoveryCodeSignInAsync);

    private async Task<IActionResult> VerifyAsync(string field, Func<string, Task<Microsoft.AspNetCore.Identity.SignInResult>> verify)
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is null)
        {
            return SignInAgain();
        }

        var value = field == nameof(TwoFactorForm.Code) ? Input.Code : Input.RecoveryCode;
        AddErrors(nameof(Input), InputRules.Code(field, value));
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await verify(InputRules.CompactCode(value));
        if (result.Succeeded)
        {
            return LocalRedirect(SafeReturnUrl(ReturnUrl));
        }

        if (result.IsLockedOut)
        {
            return LocalRedirect(Url.Content("~/tai-khoan/khoa"));
        }

        ModelState.AddModelError($"{nameof(Input)}.{field}", Text["TwoFactor.WrongCode"]);
        return Page();
    }

    /// <summary>The half-signed-in cookie expired (or never existed): start again with the password.</summary>
    private LocalRedirectResult SignInAgain() =>
        LocalRedirect(Url.Content("~/tai-khoan/dang-nhap") + QueryString.Create("returnUrl", SafeReturnUrl(ReturnUrl)));
}

public sealed class TwoFactorForm
{
    public string? Code { get; set; }
    public string? RecoveryCode { get; set; }
}
