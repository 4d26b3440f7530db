using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;
using Services.Web.Localization;
using Services.Web.Security;
using Services.Workflows.Notifications;

namespace Services.Web.Pages.Account;

/// <summary>The account e-mails (confirm address, reset password), written in the language the visitor used.</summary>
public sealed class AccountMail(IMailSender mail, IStringLocalizer<AccountResource> text, PublicLinks links)
{
    /// <summary>The absolute URL for a site path (PathBase included) to put in an e-mail.</summary>
    public string Link(string sitePath) => links.To(sitePath);

    /// <summary>Identity tokens contain '+' and '/'; base64url keeps them intact through links and mail clients.</summary>
    public static string EncodeToken(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    public static QueryString TokenQuery(Guid userId, string token) =>
        QueryString.Create("userId", userId.ToString()).Add("code", EncodeToken(token));

    public static string? DecodeToken(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public Task SendConfirmationAsync(string to, string fullName, string link, CancellationToken ct) =>
        SendAsync(to, text["Mail.Confirm.Subject"], text["Mail.Confirm.Body", fullName, link], ct);

    public Task SendAlreadyRegisteredAsync(string to, string signInLink, string resetLink, CancellationToken ct) =>
        SendAsync(to, text["Mail.Existing.Subject"], text["Mail.Existing.Body", signInLink, resetLink], ct);

    public Task SendPasswordResetAsync(string to, string fullName, string link, CancellationToken ct) =>
        SendAsync(to, text["Mail.Reset.Subject"], text["Mail.Reset.Body", fullName, link], ct);

    public Task SendLockedOutAsync(string to, string fullName, string resetLink, CancellationToken ct) =>
        SendAsync(to, text["Mail.Locked.Subject"], text["Mail.Locked.Body", fullName, resetLink], ct);

    private Task SendAsync(string to, string subject, string body, CancellationToken ct) =>
        mail.SendAsync(new MailMessageRequest(to, subject, body, MessageId: Guid.NewGuid().ToString("N")), ct);
}
