namespace Services.Workflows.Notifications;

public interface IMailSender
{
    /// <summary>Sends one message. <paramref name="messageId"/> is stable across retries so receivers can de-duplicate.</summary>
    Task SendAsync(MailMessageRequest message, CancellationToken cancellationToken);
}

public sealed record MailMessageRequest(string To, string Subject, string TextBody, string? HtmlBody = null, string? MessageId = null);
