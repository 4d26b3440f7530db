using Services.Data.Workflows;
using Services.Workflows.Journal;
using Services.Workflows.Runtime;

namespace Services.Workflows.Audit;

public enum HistoryFault
{
    /// <summary>An entry's content, its link to the entry before, or its place in the sequence no longer holds.</summary>
    EntryAltered,

    /// <summary>The chain is whole but shorter than the instance row remembers: entries were removed from its end.</summary>
    EntriesRemoved,

    /// <summary>An entry was rewritten (and its chain re-hashed) after a checkpoint had sealed it.</summary>
    RewrittenAfterSeal,

    /// <summary>A checkpoint's hash, signature or inclusion proof does not hold.</summary>
    CheckpointInvalid,
}

/// <summary>
/// The verdict on one instance's history: intact with its entry count and the newest checkpoint sealing any of it, or
/// the first broken entry and why. <see cref="Sealed"/> entries are covered by checkpoints; later ones only by the chain.
/// </summary>
public sealed record HistoryVerdict(bool Intact, int Entries, int Sealed, int? Checkpoint, HistoryFault? Fault, int? BrokenSeq)
{
    public static HistoryVerdict Broken(int entries, HistoryFault fault, int? seq, int? checkpoint = null) =>
        new(false, entries, 0, checkpoint, fault, seq);
}

/// <summary>
/// Checks an instance's history with nothing but the history itself, the inclusion proofs of its sealed entries and
/// the published checkpoints with the portal's public key: the audit page and the offline <c>verify-history</c>
/// command use this one check, so an exported file is judged exactly as the page judged it.
/// </summary>
public static class HistoryVerification
{
    public static HistoryVerdict Verify(IReadOnlyList<JournalEntry> entries, IReadOnlyList<InclusionProof> proofs,
        IReadOnlyList<PublishedCheckpoint> checkpoints, string publicKey)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(proofs);
        ArgumentNullException.ThrowIfNull(checkpoints);
        var chain = JournalVerifier.Verify(entries);
        if (!chain.Intact)
        {
            return HistoryVerdict.Broken(entries.Count, HistoryFault.EntryAltered, chain.BrokenSeq);
        }

        var bySeq = entries.ToDictionary(e => e.Seq);
        var checkpointBySeq = checkpoints.ToDictionary(c => c.Seq);
        var keyId = JournalSigningKey.IdOf(publicKey);
        foreach (var proof in proofs.OrderBy(p => p.Seq))
        {
            if (!checkpointBySeq.TryGetValue(proof.Checkpoint, out var checkpoint) || checkpoint.ComputeHash() != checkpoint.Hash
                || checkpoint.KeyId != keyId || !JournalSigningKey.Verify(publicKey, checkpoint.Hash, checkpoint.Signature) || !proof.Verify(checkpoint))
            {
                return HistoryVerdict.Broken(entries.Count, HistoryFault.CheckpointInvalid, proof.Seq, proof.Checkpoint);
            }

            if (!bySeq.TryGetValue(proof.Seq, out var entry) || entry.Hash != proof.EntryHash || entry.InstanceId != proof.InstanceId)
            {
                return HistoryVerdict.Broken(entries.Count, HistoryFault.RewrittenAfterSeal, proof.Seq, proof.Checkpoint);
            }
        }

        var sealedSeqs = proofs.Select(p => p.Seq).ToHashSet();
        return new HistoryVerdict(true, entries.Count, sealedSeqs.Count, proofs.Count == 0 ? null : proofs.Max(p => p.Checkpoint), null, null);
    }
}
