namespace Services.Data.Workflows;

/// <summary>
/// A seal over every journal entry written by the transactions in [<see cref="XactFrom"/>, <see cref="XactTo"/>): the
/// Merkle root of those entries, chained to the previous checkpoint's hash and signed. Append-only, like the journal;
/// published at /nhat-ky-kiem-chung so copies held outside the database can later show a rewrite.
/// </summary>
public sealed class JournalCheckpoint
{
    public int Seq { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>PostgreSQL transaction ids (xid8): the entries of every transaction from this one included …</summary>
    public long XactFrom { get; set; }

    /// <summary>… to this one excluded, all finished when the checkpoint was made.</summary>
    public long XactTo { get; set; }

    public int Entries { get; set; }
    public required string MerkleRoot { get; set; }
    public required string PrevHash { get; set; }
    public required string Hash { get; set; }
    public required string Algorithm { get; set; }
    public required string KeyId { get; set; }
    public required string Signature { get; set; }

    /// <summary>The sealed entries in order, 52 bytes each (instance id, seq, entry hash), for inclusion proofs and
    /// for naming what went missing.</summary>
    public required byte[] Leaves { get; set; }
}
