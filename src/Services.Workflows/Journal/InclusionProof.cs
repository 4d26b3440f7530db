using Npgsql;
using Services.Workflows.Runtime;

namespace Services.Workflows.Journal;

/// <summary>
/// Proof that entry <see cref="Seq"/> of an instance is sealed by checkpoint <see cref="Checkpoint"/>: the leaf, its
/// position, and the sibling hashes up to the checkpoint's published Merkle root. Checkable with nothing but the
/// published checkpoint.
/// </summary>
public sealed record InclusionProof(Guid InstanceId, int Seq, string EntryHash, int Checkpoint, int LeafIndex, int LeafCount, IReadOnlyList<string> Path,
    string MerkleRoot)
{
    public bool Verify(PublishedCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return checkpoint.Seq == Checkpoint && checkpoint.Entries == LeafCount && checkpoint.MerkleRoot == MerkleRoot
            && MerkleTree.VerifyInclusion(new SealedLeaf(InstanceId, Seq, EntryHash).Hash(), LeafIndex, LeafCount,
                Path.Select(Convert.FromHexString).ToList(), Convert.FromHexString(MerkleRoot));
    }
}

/// <summary>Builds the inclusion proofs of an instance's sealed entries (entries newer than the last checkpoint have none yet).</summary>
public sealed class InclusionProofs(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<InclusionProof>> ForInstanceAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        var wanted = new List<(int Seq, int Checkpoint)>();
        await using (var command = Sql.Command(dataSource,
            "SELECT j.seq, c.seq FROM workflow_journal j JOIN journal_checkpoints c ON j.xact_id >= c.xact_from AND j.xact_id < c.xact_to " +
            "WHERE j.instance_id = $1 ORDER BY j.seq", instanceId))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                wanted.Add((reader.GetInt32(0), reader.GetInt32(1)));
            }
        }

        var proofs = new List<InclusionProof>();
        foreach (var group in wanted.GroupBy(w => w.Checkpoint))
        {
            await using var command = Sql.Command(dataSource, "SELECT leaves, merkle_root FROM journal_checkpoints WHERE seq = $1", group.Key);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var leaves = SealedLeaf.Unpack(reader.GetFieldValue<byte[]>(0));
            var root = reader.GetString(1);
            var hashes = leaves.Select(l => l.Hash()).ToList();
            foreach (var (seq, _) in group)
            {
                var index = leaves.ToList().FindIndex(l => l.InstanceId == instanceId && l.Seq == seq);
                if (index >= 0)
                {
                    proofs.Add(new InclusionProof(instanceId, seq, leaves[index].EntryHash, group.Key, index, leaves.Count,
                        MerkleTree.InclusionPath(hashes, index).Select(Convert.ToHexStringLower).ToList(), root));
                }
            }
        }

        return proofs;
    }
}
