using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Services.Web.Localization;

namespace Services.Web.Pages.Account;

/// <summary>Identity's own messages (password rules, duplicate e-mail, bad token) in the visitor's language.</summary>
public sealed class LocalizedIdentityErrors(IStringLocalizer<AccountResource> text) : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => Error(nameof(DefaultError));
    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch));
    public override IdentityError InvalidToken() => Error(nameof(InvalidToken));
    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail));
    public override IdentityError InvalidUserName(string? userName) => Error(nameof(InvalidUserName));
    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail));
    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateUserName));
    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), length);
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => Error(nameof(PasswordRequiresUniqueChars), uniqueChars);
    public override IdentityError PasswordRequiresNonAlphanumeric() => Error(nameof(PasswordRequiresNonAlphanumeric));
    public override IdentityError PasswordRequiresDigit() => Error(nameof(PasswordRequiresDigit));
    public override IdentityError PasswordRequiresLower() => Error(nameof(PasswordRequiresLower));
    public override IdentityError PasswordRequiresUpper() => Error(nameof(PasswordRequiresUpper));

    private IdentityError Error(string code, params object[] arguments) =>
        new() { Code = code, Description = text[$"Identity.{code}", arguments] };
}
