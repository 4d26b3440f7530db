using System.ComponentModel.DataAnnotations;

namespace Services.Workflows.Notifications;

/// <summary>Where e-mail goes (sent with MailKit): an SMTP server when <see cref="SmtpHost"/> is set, else a pickup folder of .eml files.</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    [Required, EmailAddress]
    public string From { get; set; } = "no-reply@portal.edu.vn";

    public string FromName { get; set; } = "Cổng thông tin ngành Giáo dục";

    /// <summary>Folder for .eml files; relative paths are under <c>Portal:DataPath</c>. Default <c>mail</c>.</summary>
    public string PickupDirectory { get; set; } = "mail";

    public string? SmtpHost { get; set; }

    [Range(1, 65535)]
    public int SmtpPort { get; set; } = 587;

    public bool SmtpEnableSsl { get; set; } = true;
    public string? SmtpUser { get; set; }
    public string? SmtpPassword { get; set; }
}
