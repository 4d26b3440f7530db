using System.Collections.Concurrent;
using Services.Workflows.Notifications;

namespace Services.Tests.Integration.Infrastructure;

/// <summary>Keeps every e-mail the portal sends, in order, so a test can read the links in them.</summary>
public sealed class CapturedMail : IMailSender
{
    private readonly ConcurrentQueue<MailMessageRequest> _sent = new();

    public IReadOnlyList<MailMessageRequest> Sent => [.. _sent];

    public IReadOnlyList<MailMessageRequest> To(string address) =>
        [.. _sent.Where(m => string.Equals(m.To, address, StringComparison.OrdinalIgnoreCase))];

    public Task SendAsync(MailMessageRequest message, CancellationToken cancellationToken)
    {
        _sent.Enqueue(message);
        return Task.CompletedTask;
    }
}
