using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Services.Data.Workflows;

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
    /// computed before the insert equals the text recomputed from the stored row. An entry that keeps its payload
    /// ("v2") is hashed over the payload itself; entries written before payloads were kept ("v1") only over the
    /// stored digest. The version line is hashed too, so a v2 entry cannot be passed off as v1 by dropping its payload.
    /// </summary>
    public static string Canonical(JournalFields entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return string.Join('\n',
            entry.Payload is null ? "v1" : "v2",
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
            entry.Payload is null ? entry.PayloadSha256 : Sha256Hex(entry.Payload),
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
/// <param name="Payload">What the event carried (a decision, its comment, the data changed); null only on entries
/// written before payloads were kept.</param>
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
    string? Payload,
    string PayloadSha256,
    DateTimeOffset OccurredAt)
{
    public static JournalFields Of(JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(entry.InstanceId, entry.Seq, entry.EventId, entry.Action, entry.ActorUserId, entry.ActorName, entry.ActorRole, entry.ActorUnitId,
            entry.ActorIp, entry.StepBefore, entry.StepAfter, entry.Payload, entry.PayloadSha256, entry.OccurredAt);
    }
}
