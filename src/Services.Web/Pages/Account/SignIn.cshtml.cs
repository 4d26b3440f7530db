using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Services.Data;
using Services.Data.Identity;
using Services.Web.Localization;

namespace Services.Web.Pages.Account;

public sealed class SignInModel(
    SignInManager<PortalUser> signIn, UserManager<PortalUser> users, PortalDbContext db, IStringLocalizer<AccountResource> text)
    : AccountPageModel(text)
{
    [BindProperty]
    public SignInForm Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var returnUrl = SafeReturnUrl(ReturnUrl);
        AddErrors(nameof(Input), Input.Validate());
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.FindByEmailAsync(InputRules.Clean(Input.Email)!);
        if (user is null)
        {
            // The same answer as a wrong password: the form must not tell who has an account.
            ModelState.AddModelError("", Text["SignIn.Failed"]);
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(user, Input.Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            return LocalRedirect(Url.Content("~/tai-khoan/khoa"));
        }

        if (result.RequiresTwoFactor)
        {
            return LocalRedirect(Url.Content("~/tai-khoan/xac-thuc-hai-buoc") + QueryString.Create("returnUrl", returnUrl));
        }

        if (result.IsNotAllowed)
        {
            ModelState.AddModelError("", Text["SignIn.EmailNotConfirmed"]);
            return Page();
        }

        if (!result.Succeeded)
        {
            ModelState.AddModelError("", Text["SignIn.Failed"]);
            return Page();
        }

        // Every role other than Citizen needs a second factor: staff without one set it up before anything else.
        if (!user.TwoFactorEnabled && await db.UnitMemberships.AnyAsync(m => m.UserId == user.Id, HttpContext.RequestAborted))
        {
            return LocalRedirect(Url.Content("~/tai-khoan/xac-thuc-hai-buoc/thiet-lap") + QueryString.Create("returnUrl", returnUrl));
        }

        return LocalRedirect(returnUrl);
    }
}

public sealed class SignInForm
{
    public string? Email { get; set; }
    public string? Password { get; set; }

    public IEnumerable<FormError> Validate() =>
        InputRules.Email(nameof(Email), Email).Concat(InputRules.Password(nameof(Password), Password));
}
