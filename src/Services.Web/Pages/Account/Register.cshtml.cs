using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Services.Data.Identity;
using Services.Web.Localization;
using Services.Web.Security;

namespace Services.Web.Pages.Account;

/// <summary>
/// Registration answers "check your mailbox" whether or not the address already has an account, after the same work
/// (one password hash), so neither the page nor its timing tells who has an account; the owner is told by e-mail.
/// </summary>
[Throttled("register-client")]
public sealed class RegisterModel(UserManager<PortalUser> users, AccountMail mail, TimeProvider clock, IPasswordHasher<PortalUser> hasher,
    IStringLocalizer<AccountResource> text)
    : AccountPageModel(text)
{
    [BindProperty]
    public RegisterForm Input { get; set; } = new();

    /// <summary>Set after a successful post: the page then only says "check your mailbox".</summary>
    public string? SentTo { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        AddErrors(nameof(Input), Input.Validate());
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var email = InputRules.Clean(Input.Email)!;
        var existing = await users.FindByEmailAsync(email);
        if (existing is not null)
        {
            // Same answer as a new registration, so the form cannot be used to find out who has an account;
            // the owner of the address is told instead. The hash a new account would cost is spent here too.
            hasher.HashPassword(existing, Input.Password!);
            await mail.SendAlreadyRegisteredAsync(email, Link("~/tai-khoan/dang-nhap"), Link("~/tai-khoan/quen-mat-khau"), ct);
            SentTo = email;
            return Page();
        }

        var user = new PortalUser
        {
            Id = Guid.CreateVersion7(),
            UserName = email,
            Email = email,
            FullName = InputRules.Clean(Input.FullName)!,
            CreatedAt = clock.GetUtcNow(),
        };
        var created = await users.CreateAsync(user, Input.Password!);
        if (!created.Succeeded)
        {
            foreach (var error in created.Errors)
            {
                var field = error.Code.StartsWith("Password", StringComparison.Ordinal) ? nameof(RegisterForm.Password) : nameof(RegisterForm.Email);
                ModelState.AddModelError($"{nameof(Input)}.{field}", error.Description);
            }

            return Page();
        }

        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        var link = Link("~/tai-khoan/xac-nhan-email") + AccountMail.TokenQuery(user.Id, token);
        await mail.SendConfirmationAsync(email, user.FullName, link, ct);
        SentTo = email;
        return Page();
    }

    private string Link(string path) => mail.Link(Url.Content(path));
}

public sealed class RegisterForm
{
    public string? FullName { get; set; }
    public string? Email { get; set; }
    public string? Password { get; set; }
    public string? ConfirmPassword { get; set; }

    public IEnumerable<FormError> Validate()
    {
        var name = InputRules.Clean(FullName);
        if (name is null)
        {
            yield return new(nameof(FullName), "Validation.InvalidText");
        }
        else if (name.Length == 0)
        {
            yield return new(nameof(FullName), "Validation.FullNameRequired");
        }
        else if (name.Length > InputRules.MaxNameLength)
        {
            yield return new(nameof(FullName), "Validation.FullNameTooLong");
        }

        foreach (var error in InputRules.Email(nameof(Email), Email).Concat(InputRules.Password(nameof(Password), Password)))
        {
            yield return error;
        }

        if (!string.IsNullOrEmpty(Password) && !string.Equals(Password, ConfirmPassword, StringComparison.Ordinal))
        {
            yield return new(nameof(ConfirmPassword), "Validation.PasswordsDiffer");
        }
    }
}
