using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Services.Web.Localization;

namespace Services.Web.Pages.Account;

/// <summary>What every identity page shares: localized texts, field rendering with their errors, and safe return URLs.</summary>
public abstract class AccountPageModel(IStringLocalizer<AccountResource> text) : PageModel
{
    protected IStringLocalizer<AccountResource> Text { get; } = text;

    /// <summary>
    /// Only local URLs are followed after sign-in, so a crafted link cannot bounce a fresh session to another site.
    /// The default is the home page in the visitor's language (PathBase carries <c>/en</c>).
    /// </summary>
    protected string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : Url.Content("~/");

    /// <summary>Adds the localized messages of a form's failed checks to ModelState under the form's prefix.</summary>
    protected void AddErrors(string prefix, IEnumerable<FormError> errors)
    {
        foreach (var error in errors)
        {
            ModelState.AddModelError($"{prefix}.{error.Field}", Text[error.ResourceKey]);
        }
    }

    /// <summary>Everything a form field needs to render itself accessibly, including its error for this request.</summary>
    public AccountField Field(string prefix, string property, string labelKey, string type, string autocomplete, string? value = null, string? hintKey = null)
    {
        // The browser stops typing where the server would refuse anyway; phones show a digit pad for codes.
        var maxLength = type switch
        {
            "email" => InputRules.MaxEmailLength,
            "password" => InputRules.MaxPasswordLength,
            _ when autocomplete == "one-time-code" || property.EndsWith("Code", StringComparison.Ordinal) => InputRules.MaxCodeLength,
            _ => InputRules.MaxNameLength,
        };
        var inputMode = autocomplete == "one-time-code" ? "numeric" : null;
        var name = $"{prefix}.{property}";
        var error = ModelState.TryGetValue(name, out var entry) ? entry.Errors.FirstOrDefault()?.ErrorMessage : null;
        // Passwords are never echoed back into the page.
        var shown = type == "password" ? null : value;
        return new AccountField(name, name.Replace('.', '-').ToLowerInvariant(), Text[labelKey].Value, type, autocomplete, shown, error,
            hintKey is null ? null : Text[hintKey].Value, maxLength, inputMode);
    }
}

/// <summary>A failed check on a form field; the page turns the key into the visitor's language.</summary>
public sealed record FormError(string Field, string ResourceKey);

public sealed record AccountField(
    string Name, string Id, string Label, string Type, string Autocomplete, string? Value, string? Error, string? Hint, int MaxLength, string? InputMode);
