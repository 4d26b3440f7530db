using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Services.Data.Identity;
using Services.Web.Localization;
using Services.Web.Security;

namespace Services.Web.Pages.Account;

/// <summary>
/// Sign-out is a POST (antiforgery-protected) so a link on another site cannot sign anyone out; GET asks first.
/// It ends every session of the user, not just this browser's cookie (S7).
/// </summary>
public sealed class SignOutModel(SignInManager<PortalUser> signIn, IStringLocalizer<AccountResource> text) : AccountPageModel(text)
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.EndEverySessionAsync(User);
        return LocalRedirect(Url.Content("~/"));
    }
}
