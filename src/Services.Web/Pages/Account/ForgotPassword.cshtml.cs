using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Services.Data.Identity;
using Services.Web.Localization;
using Services.Web.Security;

namespace Services.Web.Pages.Account;

/// <summary>
/// Sends a reset link to a confirmed account's address. The answer never says whether the address has an account; at
/// most a few mails an hour go to one address, and the page itself is limited per client, so nobody is mail-bombed.
/// </summary>
[Throttled("forgot-password-client")]
public sealed class ForgotPasswordModel(UserManager<PortalUser> users, AccountMail mail, RequestThrottle throttle, IConfiguration configuration,
    IStringLocalizer<AccountResource> text)
    : AccountPageModel(text)
{
    [BindProperty]
    public ForgotPasswordForm Input { get; set; } = new();

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        AddErrors(nameof(Input), InputRules.Email(nameof(ForgotPasswordForm.Email), Input.Email));
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var email = InputRules.Clean(Input.Email)!;
        var mailsToAddress = await throttle.HitAsync(ThrottleRules.ResetMailsPerAddress.From(configuration), email, ct);
        var user = await users.FindByEmailAsync(email);
        if (!mailsToAddress.Exceeded && user is { Email: not null } && await users.IsEmailConfirmedAsync(user))
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var link = mail.Link(Url.Content("~/tai-khoan/dat-lai-mat-khau")) + AccountMail.TokenQuery(user.Id, token);
            await mail.SendPasswordResetAsync(user.Email, user.FullName, link, ct);
        }

        // Whether or not the address has an account, the answer is the same.
        Sent = true;
        return Page();
    }
}

public sealed class ForgotPasswordForm
{
    public string? Email { get; set; }
}
