using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Services.Workflows.Notifications;

/// <summary>
/// E-mail through MailKit: to the SMTP server when <see cref="MailOptions.SmtpHost"/> is set, else as .eml files in
/// the pickup folder (the default, for development and for a relay that watches the folder).
/// </summary>
internal sealed class MailKitMailSender(IOptions<MailOptions> options, IConfiguration configuration) : IMailSender
{
    /// <summary>The domain part of every Message-ID: <c>&lt;{outbox message id}@servicesportal&gt;</c>.</summary>
    public const string MessageIdDomain = "servicesportal";

    private readonly MailOptions _options = options.Value;

    public async Task SendAsync(MailMessageRequest message, CancellationToken cancellationToken)
    {
        await using var session = await OpenSessionAsync(cancellationToken);
        await session.SendAsync(message, cancellationToken);
    }

    public Task<IMailSession> OpenSessionAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IMailSession>(string.IsNullOrWhiteSpace(_options.SmtpHost) ? new PickupSession(this) : new SmtpSession(this, _options.SmtpHost));

    public string PickupDirectory
    {
        get
        {
            var dataPath = configuration["Portal:DataPath"] ?? ".data";
            return Path.GetFullPath(Path.Combine(dataPath, _options.PickupDirectory));
        }
    }

    private MimeMessage Compose(MailMessageRequest request)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(_options.FromName, _options.From));
        message.To.Add(MailboxAddress.Parse(request.To));
        message.Subject = request.Subject;
        if (request.MessageId is not null)
        {
            message.MessageId = $"{request.MessageId}@{MessageIdDomain}";
        }

        message.Body = new BodyBuilder { TextBody = request.TextBody, HtmlBody = request.HtmlBody }.ToMessageBody();
        // Vietnamese text in 7-bit transfer encodings, which every relay and pickup reader accepts.
        message.Prepare(EncodingConstraint.SevenBit);
        return message;
    }

    /// <summary>Each message is written under a temporary name and renamed, so a crash never leaves half a message for the relay.</summary>
    private sealed class PickupSession(MailKitMailSender sender) : IMailSession
    {
        public async Task SendAsync(MailMessageRequest request, CancellationToken cancellationToken)
        {
            using var message = sender.Compose(request);
            var folder = sender.PickupDirectory;
            Directory.CreateDirectory(folder);
            var name = Guid.NewGuid().ToString("N");
            var partial = Path.Combine(folder, name + ".tmp");
            await message.WriteToAsync(partial, cancellationToken);
            File.Move(partial, Path.Combine(folder, name + ".eml"));
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>One SMTP connection, opened on the first message and again if the server dropped it.</summary>
    private sealed class SmtpSession(MailKitMailSender sender, string host) : IMailSession
    {
        private readonly SmtpClient _client = new();

        public async Task SendAsync(MailMessageRequest request, CancellationToken cancellationToken)
        {
            using var message = sender.Compose(request);
            if (!_client.IsConnected)
            {
                var options = sender._options;
                await _client.ConnectAsync(host, options.SmtpPort, options.SmtpEnableSsl ? SecureSocketOptions.Auto : SecureSocketOptions.None,
                    cancellationToken);
                if (!string.IsNullOrEmpty(options.SmtpUser))
                {
                    await _client.AuthenticateAsync(options.SmtpUser, options.SmtpPassword ?? "", cancellationToken);
                }
            }

            await _client.SendAsync(message, cancellationToken);
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (_client.IsConnected)
                {
                    await _client.DisconnectAsync(quit: true);
                }
            }
            finally
            {
                _client.Dispose();
            }
        }
    }
}
