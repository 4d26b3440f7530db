namespace Services.Workflows.Notifications;

public interface IMailSender
{
    /// <summary>Sends one message on a connection of its own (a page's one-off e-mail).</summary>
    Task SendAsync(MailMessageRequest message, CancellationToken cancellationToken);

    /// <summary>
    /// Opens one delivery session (one SMTP connection, or the pickup folder) for a batch of messages; dispose it at
    /// the end of the batch. A sender without connections to share (a test's) sends each message on its own.
    /// </summary>
    Task<IMailSession> OpenSessionAsync(CancellationToken cancellationToken) => Task.FromResult<IMailSession>(new OneByOne(this));

    private sealed class OneByOne(IMailSender sender) : IMailSession
    {
        public Task SendAsync(MailMessageRequest message, CancellationToken cancellationToken) => sender.SendAsync(message, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>Several messages over one connection.</summary>
public interface IMailSession : IAsyncDisposable
{
    /// <summary>Sends one message. Its <see cref="MailMessageRequest.MessageId"/> is stable across retries so receivers can de-duplicate.</summary>
    Task SendAsync(MailMessageRequest message, CancellationToken cancellationToken);
}

public sealed record MailMessageRequest(string To, string Subject, string TextBody, string? HtmlBody = null, string? MessageId = null);
