using System.Globalization;
using Services.Data.Workflows;
using Services.Workflows.Runtime;

namespace Services.Workflows.Journal;

/// <summary>
/// A checkpoint as the public feed shows it: everything needed to check its hash, its signature and its place in the
/// chain, without the sealed entries themselves.
/// </summary>
public sealed record PublishedCheckpoint(
    int Seq,
    DateTimeOffset CreatedAt,
    long XactFrom,
    long XactTo,
    int Entries,
    string MerkleRoot,
    string PrevHash,
    string Hash,
    string Algorithm,
    string KeyId,
    string Signature)
{
    public static PublishedCheckpoint Of(JournalCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return new(checkpoint.Seq, checkpoint.CreatedAt, checkpoint.XactFrom, checkpoint.XactTo, checkpoint.Entries, checkpoint.MerkleRoot,
            checkpoint.PrevHash, checkpoint.Hash, checkpoint.Algorithm, checkpoint.KeyId, checkpoint.Signature);
    }

    /// <summary>The text hashed (and the hash signed): one field per line, times in UTC to the microsecond.</summary>
    public static string Canonical(int seq, DateTimeOffset createdAt, long xactFrom, long xactTo, int entries, string merkleRoot, string prevHash) =>
        string.Join('\n',
            "checkpoint v1",
            seq.ToString(CultureInfo.InvariantCulture),
            JournalChain.TruncateToMicroseconds(createdAt).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            xactFrom.ToString(CultureInfo.InvariantCulture),
            xactTo.ToString(CultureInfo.InvariantCulture),
            entries.ToString(CultureInfo.InvariantCulture),
            merkleRoot,
            prevHash);

    public string ComputeHash() => JournalChain.Sha256Hex(Canonical(Seq, CreatedAt, XactFrom, XactTo, Entries, MerkleRoot, PrevHash));
}

/// <summary>The machine-readable feed at <c>/nhat-ky-kiem-chung.json</c>: the key that signs, and the checkpoints.</summary>
public sealed record JournalFeed(string Algorithm, string PublicKey, string KeyId, IReadOnlyList<PublishedCheckpoint> Checkpoints);
