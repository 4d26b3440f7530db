using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Services.Workflows.Runtime;

/// <summary>
/// The hash chain of the journal. Each entry's hash is SHA-256 over its canonical text followed by the previous
/// entry's hash, so changing or removing any entry changes every hash after it.
/// </summary>
public static class JournalChain
{
    public static readonly string Genesis = new('0', 64);

    /// <summary>
    /// One field per line in a fixed order; times in UTC with microseconds (PostgreSQL's precision), so the text
    /// computed before the insert equals the text recomputed from the stored row.
    /// </summary>
    public static string Canonical(JournalFields entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return string.Join('\n',
            "v1",
            entry.InstanceId.ToString("D"),
            entry.Seq.ToString(CultureInfo.InvariantCulture),
            entry.EventId,
            entry.Action,
            entry.ActorUserId?.ToString("D") ?? "",
            entry.ActorName,
            entry.ActorRole ?? "",
            entry.ActorUnitId?.ToString("D") ?? "",
            entry.ActorIp ?? "",
            entry.StepBefore ?? "",
            entry.StepAfter ?? "",
            entry.PayloadSha256,
            TruncateToMicroseconds(entry.OccurredAt).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
    }

    public static string Hash(JournalFields entry, string prevHash) =>
        Sha256Hex(Canonical(entry) + "\n" + prevHash);

    public static string Sha256Hex(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static DateTimeOffset TruncateToMicroseconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % 10), TimeSpan.Zero);
}

/// <summary>The hashed fields of a journal entry.</summary>
public sealed record JournalFields(
    Guid InstanceId,
    int Seq,
    string EventId,
    string Action,
    Guid? ActorUserId,
    string ActorName,
    string? ActorRole,
    Guid? ActorUnitId,
    string? ActorIp,
    string? StepBefore,
    string? StepAfter,
    string PayloadSha256,
    DateTimeOffset OccurredAt);
