using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Services.Data.Identity;
using Services.Web.Localization;

namespace Services.Web.Pages.Account;

public sealed class ResetPasswordModel(UserManager<PortalUser> users, IStringLocalizer<AccountResource> text) : AccountPageModel(text)
{
    [BindProperty]
    public ResetPasswordForm Input { get; set; } = new();

    public bool Done { get; private set; }

    public IActionResult OnGet(string? userId, string? code)
    {
        if (!Guid.TryParse(userId, out _) || AccountMail.DecodeToken(code) is null)
        {
            return NotFound();
        }

        Input = new ResetPasswordForm { UserId = userId, Code = code };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        AddErrors(nameof(Input), Input.Validate());
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var token = AccountMail.DecodeToken(Input.Code);
        var user = Guid.TryParse(Input.UserId, out var id) ? await users.FindByIdAsync(id.ToString()) : null;
        if (user is null || token is null)
        {
            ModelState.AddModelError("", Text["Reset.InvalidLink"]);
            return Page();
        }

        var result = await users.ResetPasswordAsync(user, token, Input.Password!);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                var field = error.Code.StartsWith("Password", StringComparison.Ordinal) ? $"{nameof(Input)}.{nameof(ResetPasswordForm.Password)}" : "";
                ModelState.AddModelError(field, error.Code == "InvalidToken" ? Text["Reset.InvalidLink"] : error.Description);
            }

            return Page();
        }

        // A reset proves control of the mailbox; earlier failed attempts should not keep the owner locked out.
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        Done = true;
        return Page();
    }
}

public sealed class ResetPasswordForm
{
    public string? UserId { get; set; }
    public string? Code { get; set; }
    public string? Password { get; set; }
    public string? ConfirmPassword { get; set; }

    public IEnumerable<FormError> Validate()
    {
        foreach (var error in InputRules.Password(nameof(Password), Password))
        {
            yield return error;
        }

        if (!string.IsNullOrEmpty(Password) && !string.Equals(Password, ConfirmPassword, StringComparison.Ordinal))
        {
            yield return new(nameof(ConfirmPassword), "Validation.PasswordsDiffer");
        }
    }
}
