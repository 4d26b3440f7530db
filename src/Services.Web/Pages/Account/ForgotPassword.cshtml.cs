using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Services.Data.Identity;
using Services.Web.Localization;

namespace Services.Web.Pages.Account;

public sealed class ForgotPasswordModel(UserManager<PortalUser> users, AccountMail mail, IStringLocalizer<AccountResource> text)
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

        var user = await users.FindByEmailAsync(InputRules.Clean(Input.Email)!);
        if (user is { Email: not null } && await users.IsEmailConfirmedAsync(user))
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
