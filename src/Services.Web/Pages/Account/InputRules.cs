using System.Net.Mail;
using System.Text;

namespace Services.Web.Pages.Account;

/// <summary>
/// Checks shared by the identity forms. Text is trimmed and normalized to NFC before it is checked or stored, so
/// "Nguyễn" typed on different keyboards is one name; text that is not valid Unicode is refused, not stored.
/// </summary>
public static class InputRules
{
    public const int MaxEmailLength = 256;
    public const int MaxNameLength = 100;
    public const int MaxPasswordLength = 128;
    public const int MaxCodeLength = 32;

    /// <summary>The trimmed NFC form of <paramref name="value"/>, or null when it is not valid Unicode text.</summary>
    public static string? Clean(string? value)
    {
        if (value is null)
        {
            return "";
        }

        // One definition of "clean text" for every form: the online forms' (no broken or control characters).
        if (!Services.Workflows.Forms.CleanText.IsClean(value, allowLineBreaks: false))
        {
            return null;
        }

        try
        {
            return value.Trim().Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            return null; // code points the normalizer refuses
        }
    }


    public static IEnumerable<FormError> Email(string field, string? value)
    {
        var email = Clean(value);
        if (email is null)
        {
            yield return new(field, "Validation.InvalidText");
        }
        else if (email.Length == 0)
        {
            yield return new(field, "Validation.EmailRequired");
        }
        else if (email.Length > MaxEmailLength)
        {
            yield return new(field, "Validation.EmailTooLong");
        }
        else if (!IsEmailAddress(email))
        {
            yield return new(field, "Validation.EmailInvalid");
        }
    }

    public static IEnumerable<FormError> Password(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            yield return new(field, "Validation.PasswordRequired");
        }
        else if (value.Length > MaxPasswordLength)
        {
            yield return new(field, "Validation.PasswordTooLong");
        }
    }

    public static IEnumerable<FormError> Code(string field, string? value)
    {
        var code = Clean(value);
        if (string.IsNullOrEmpty(code))
        {
            yield return new(field, "Validation.CodeRequired");
        }
        else if (code.Length > MaxCodeLength)
        {
            yield return new(field, "Validation.CodeInvalid");
        }
    }

    /// <summary>
    /// Authenticator apps show "123 456"; people type what they see. Dashes stay: they are part of recovery codes.
    /// </summary>
    public static string CompactCode(string? value) => (Clean(value) ?? "").Replace(" ", "", StringComparison.Ordinal);

    private static bool IsEmailAddress(string value)
    {
        // MailAddress accepts display-name forms like "A <a@b>"; only a bare address is an e-mail here.
        return MailAddress.TryCreate(value, out var address) && address.Address == value && value.Contains('@', StringComparison.Ordinal);
    }
}
