using System.Globalization;
using System.Resources;

namespace Services.Workflows.Dossiers.Attachments;

/// <summary>Why an upload was refused. Each reason has a message in Vietnamese (neutral) and English (resources).</summary>
public enum AttachmentRejectionReason
{
    Empty,
    TooLarge,
    TooMany,
    Executable,
    UnsupportedType,
    Macro,
}

/// <summary>A refused upload: the reason, and the limit involved where there is one (bytes or count).</summary>
public sealed record AttachmentRejection(AttachmentRejectionReason Reason, long? Limit = null)
{
    private static readonly ResourceManager Messages =
        new("Services.Workflows.Dossiers.Attachments.AttachmentMessages", typeof(AttachmentRejection).Assembly);

    /// <summary>The message for a person, in <paramref name="culture"/> (default: the current UI culture).</summary>
    public string Message(CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentUICulture;
        var template = Messages.GetString(Reason.ToString(), culture) ?? Reason.ToString();
        var limit = Reason == AttachmentRejectionReason.TooLarge && Limit is { } bytes
            ? FormatMegabytes(bytes, culture)
            : Limit?.ToString(culture) ?? "";
        return string.Format(culture, template, limit);
    }

    public override string ToString() => Message(CultureInfo.InvariantCulture);

    private static string FormatMegabytes(long bytes, CultureInfo culture) =>
        (bytes / (1024d * 1024d)).ToString("0.#", culture) + " MB";
}
