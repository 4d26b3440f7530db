using System.Net;
using System.Net.Mail;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Services.Workflows.Notifications;

/// <summary>System.Net.Mail delivery (MailKit is not available here): SMTP when configured, else the pickup folder.</summary>
internal sealed class SmtpMailSender(IOptions<MailOptions> options, IConfiguration configuration) : IMailSender
{
    private readonly MailOptions _options = options.Value;

    public async Task SendAsync(MailMessageRequest request, CancellationToken cancellationToken)
    {
        using var message = new MailMessage
        {
            From = new MailAddress(_options.From, _options.FromName, Encoding.UTF8),
            Subject = request.Subject,
            SubjectEncoding = Encoding.UTF8,
            Body = request.TextBody,
            BodyEncoding = Encoding.UTF8,
            IsBodyHtml = false,
        };
        message.To.Add(new MailAddress(request.To));
        if (request.HtmlBody is not null)
        {
            message.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(request.HtmlBody, Encoding.UTF8, "text/html"));
        }

        if (request.MessageId is not null)
        {
            message.Headers.Add("Message-ID", $"<{request.MessageId}@servicesportal>");
        }

        using var client = CreateClient();
        await client.SendMailAsync(message, cancellationToken);
    }

    public string PickupDirectory
    {
        get
        {
            var dataPath = configuration["Portal:DataPath"] ?? ".data";
            return Path.GetFullPath(Path.Combine(dataPath, _options.PickupDirectory));
        }
    }

    private SmtpClient CreateClient()
    {
        if (string.IsNullOrWhiteSpace(_options.SmtpHost))
        {
            Directory.CreateDirectory(PickupDirectory);
            return new SmtpClient
            {
                DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory,
                PickupDirectoryLocation = PickupDirectory,
            };
        }

        var client = new SmtpClient(_options.SmtpHost, _options.SmtpPort) { EnableSsl = _options.SmtpEnableSsl };
        if (!string.IsNullOrEmpty(_options.SmtpUser))
        {
            client.Credentials = new NetworkCredential(_options.SmtpUser, _options.SmtpPassword);
        }

        return client;
    }
}
