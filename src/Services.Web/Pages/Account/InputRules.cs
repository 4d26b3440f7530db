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
        if (!Services.Workflows.Forms.CleanText.IsClean(value, allowLineBreaks: false) || HasInvisibleFormatting(value) || HasUndecodableEscapes(value))
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
        // MailAddress accepts display-name forms like "A <a@b>" and lists; only one bare address with a dotted domain is an e-mail here.
        return MailAddress.TryCreate(value, out var address) && address.Address == value
            && value.IndexOf('@', StringComparison.Ordinal) is var at && at > 0 && at == value.LastIndexOf('@')
            && value[(at + 1)..].Contains('.', StringComparison.Ordinal) && !value.Any(c => char.IsWhiteSpace(c) || c is ',' or ';');
    }

    /// <summary>
    /// ASP.NET Core leaves percent-escapes that are not valid UTF-8 (e.g. <c>%FF%FE</c>) as literal text in a posted
    /// form; such a run is broken input, not a name.
    /// </summary>
    private static bool HasUndecodableEscapes(string value)
    {
        foreach (System.Text.RegularExpressions.Match run in System.Text.RegularExpressions.Regex.Matches(value, "(%[0-9A-Fa-f]{2})+"))
        {
            var bytes = Enumerable.Range(0, run.Length / 3)
                .Select(i => Convert.ToByte(run.Value.Substring(i * 3 + 1, 2), 16)).ToArray();
            try
            {
                _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Invisible formatting characters (e.g. U+202E, which shows "Lan‮nhoJ" reversed) let a name or address pose as
    /// another; only the joiners that emoji and some scripts need are kept.
    /// </summary>
    private static bool HasInvisibleFormatting(string value) =>
        value.Any(c => c is not ('‌' or '‍') && char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format);
}
