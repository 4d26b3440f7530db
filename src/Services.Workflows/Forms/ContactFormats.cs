using System.Text.RegularExpressions;

namespace Services.Workflows.Forms;

/// <summary>What a phone number and an e-mail address must look like before the portal stores them or writes to them.</summary>
public static partial class ContactFormats
{
    /// <summary>
    /// A Vietnamese number as digits (0 + 9 or 10 digits: mobiles and landlines), from what people type: spaces, dots,
    /// dashes and brackets between digits, and +84 / 84 for the leading 0. Null when it is not such a number.
    /// </summary>
    public static string? Phone(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var compact = Separators().Replace(value, "");
        if (compact.StartsWith("+84", StringComparison.Ordinal))
        {
            compact = "0" + compact[3..];
        }
        else if (compact.StartsWith("84", StringComparison.Ordinal) && compact.Length == 11)
        {
            compact = "0" + compact[2..];
        }

        return LocalNumber().IsMatch(compact) ? compact : null;
    }

    /// <summary>
    /// One address, local@domain, with a dotted domain of letters, digits and dashes — what the mail library accepts
    /// and a person can receive at; display names, lists and spaces are refused.
    /// </summary>
    public static bool IsEmail(string value) =>
        value.Length <= 254 && Address().IsMatch(value) && MimeKit.MailboxAddress.TryParse(value, out var mailbox) && mailbox.Address == value;

    [GeneratedRegex(@"[\s.\-()]")]
    private static partial Regex Separators();

    [GeneratedRegex(@"^0[1-9][0-9]{8,9}$")]
    private static partial Regex LocalNumber();

    [GeneratedRegex(@"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$")]
    private static partial Regex Address();
}
