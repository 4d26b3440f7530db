using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using QRCoder;
using Services.Data.Identity;
using Services.Web.Localization;
using Services.Web.Security;

namespace Services.Web.Pages.Account.Manage;

/// <summary>
/// Switches on two-factor sign-in with an authenticator app. Staff are sent here by the sign-in page and by
/// <see cref="TwoFactorSetupRedirect"/>; the folder convention on /Account/Manage requires a signed-in user.
/// </summary>
public sealed class TwoFactorSetupModel(
    UserManager<PortalUser> users, SignInManager<PortalUser> signIn, IStringLocalizer<AccountResource> text)
    : AccountPageModel(text)
{
    private const int RecoveryCodeCount = 10;

    [BindProperty]
    public TwoFactorSetupForm Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>The key in groups of four, as people read it aloud or type it into an app.</summary>
    public string FormattedKey { get; private set; } = "";

    public string QrCodeDataUri { get; private set; } = "";

    /// <summary>Shown exactly once, right after two-factor is switched on.</summary>
    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];

    public bool AlreadyEnabled { get; private set; }

    public string ContinueUrl => SafeReturnUrl(ReturnUrl);

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return await SignInAgainAsync();
        }

        if (user.TwoFactorEnabled)
        {
            // Enabled, but this session was opened without the code (before it was switched on elsewhere):
            // the only honest way forward is to sign in again with it.
            if (!User.SignedInWithTwoFactor())
            {
                return await SignInAgainAsync();
            }

            AlreadyEnabled = true;
            return Page();
        }

        await LoadKeyAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return await SignInAgainAsync();
        }

        if (user.TwoFactorEnabled)
        {
            return RedirectToPage();
        }

        AddErrors(nameof(Input), InputRules.Code(nameof(TwoFactorSetupForm.Code), Input.Code));
        var code = InputRules.CompactCode(Input.Code);
        if (ModelState.IsValid &&
            !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError($"{nameof(Input)}.{nameof(TwoFactorSetupForm.Code)}", Text["TwoFactor.WrongCode"]);
        }

        if (!ModelState.IsValid)
        {
            await LoadKeyAsync(user);
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        RecoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))?.ToList() ?? [];
        // The cookie is re-issued with the second factor recorded, so the staff policies accept it from now on.
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim("amr", "mfa")]);
        return Page();
    }

    private async Task LoadKeyAsync(PortalUser user)
    {
        // Reuse an existing key (the demo seed creates one so ./portal totp works); make one only when there is none.
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("The authenticator key was not stored.");
            // A new key changes the security stamp, which ends every session (S7) — this one is re-issued with it.
            await signIn.RefreshSignInAsync(user);
        }

        FormattedKey = string.Join(' ', key.ToUpperInvariant().Chunk(4).Select(c => new string(c)));
        var issuer = users.Options.Tokens.AuthenticatorIssuer;
        var account = user.Email ?? user.UserName ?? user.Id.ToString();
        var uri = string.Create(CultureInfo.InvariantCulture,
            $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(account)}?secret={key}&issuer={Uri.EscapeDataString(issuer)}&digits=6");
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        // A PNG data URI: the CSP allows img-src data:, while inline SVG would need inline styles it forbids.
        QrCodeDataUri = "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(5));
    }

    private async Task<IActionResult> SignInAgainAsync()
    {
        await signIn.SignOutAsync();
        return LocalRedirect(Url.Content("~/tai-khoan/dang-nhap") + QueryString.Create("returnUrl", ContinueUrl));
    }
}

public sealed class TwoFactorSetupForm
{
    public string? Code { get; set; }
}
