using System.Data;
using Npgsql;
using Services.Data.Workflows;
using Services.Workflows.Runtime;

namespace Services.Workflows.Journal;

/// <summary>
/// Checks the whole journal: the checkpoint chain (hashes, links, signatures), the checkpoints against a copy
/// published outside the database when one is given, every sealed range against its Merkle root, and every
/// instance's own hash chain. What an attacker with superuser rights can redo — re-hash an instance's chain, delete
/// an instance with its journal — still breaks a checkpoint, and rewriting the checkpoints too breaks the published copy.
/// </summary>
public sealed class JournalAudit(NpgsqlDataSource dataSource, JournalSigningKey key)
{
    /// <summary>Enough to act on; the first problem is the one that matters.</summary>
    private const int MaxProblems = 50;

    public async Task<JournalReport> RunAsync(JournalFeed? published = null, CancellationToken cancellationToken = default)
    {
        var problems = new List<JournalProblem>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // One snapshot: a checkpoint or entries written meanwhile must not look like a discrepancy.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var stored = await ReadCheckpointsAsync(connection, transaction, cancellationToken);
        var reference = stored.Select(PublishedCheckpoint.Of).ToList();
        CheckChain(reference, key.PublicKey, "the database", problems);
        if (published is not null)
        {
            CheckChain(published.Checkpoints, published.PublicKey, "the published copy", problems);
            CompareWithPublished(stored, published.Checkpoints, problems);
            var lastPublished = published.Checkpoints.Count == 0 ? 0 : published.Checkpoints.Max(c => c.Seq);
            reference = [.. published.Checkpoints.OrderBy(c => c.Seq), .. reference.Where(c => c.Seq > lastPublished)];
        }

        var leavesBySeq = stored.ToDictionary(c => c.Seq, c => c.Leaves);
        foreach (var checkpoint in reference)
        {
            await CheckSealAsync(connection, transaction, checkpoint, leavesBySeq.GetValueOrDefault(checkpoint.Seq), problems, cancellationToken);
        }

        var (entries, instances) = await CheckChainsAsync(connection, transaction, problems, cancellationToken);
        return new JournalReport(entries, instances, reference.LastOrDefault(), published is not null, problems.Take(MaxProblems).ToList());
    }

    private static void CheckChain(IReadOnlyList<PublishedCheckpoint> checkpoints, string publicKey, string where, List<JournalProblem> problems)
    {
        var (previousHash, previousTo) = (JournalChain.Genesis, 0L);
        var keyId = JournalSigningKey.IdOf(publicKey);
        foreach (var (checkpoint, index) in checkpoints.OrderBy(c => c.Seq).Select((c, i) => (c, i)))
        {
            string? fault = null;
            if (checkpoint.Seq != index + 1)
            {
                fault = $"checkpoint {index + 1} is missing from {where}";
            }
            else if (checkpoint.PrevHash != previousHash || checkpoint.XactFrom != previousTo)
            {
                fault = $"checkpoint {checkpoint.Seq} in {where} does not follow checkpoint {checkpoint.Seq - 1}";
            }
            else if (checkpoint.ComputeHash() != checkpoint.Hash)
            {
                fault = $"checkpoint {checkpoint.Seq} in {where} does not match its hash";
            }
            else if (checkpoint.KeyId != keyId || !JournalSigningKey.Verify(publicKey, checkpoint.Hash, checkpoint.Signature))
            {
                fault = $"checkpoint {checkpoint.Seq} in {where} is not signed by the portal's key {keyId}";
            }

            if (fault is not null)
            {
                problems.Add(new JournalProblem(JournalProblemKind.ForkedCheckpoint, fault, checkpoint.Seq));
                return;
            }

            (previousHash, previousTo) = (checkpoint.Hash, checkpoint.XactTo);
        }
    }

    private static void CompareWithPublished(IReadOnlyList<JournalCheckpoint> stored, IReadOnlyList<PublishedCheckpoint> published, List<JournalProblem> problems)
    {
        var bySeq = stored.ToDictionary(c => c.Seq);
        foreach (var copy in published.OrderBy(c => c.Seq))
        {
            if (!bySeq.TryGetValue(copy.Seq, out var mine))
            {
                problems.Add(new JournalProblem(JournalProblemKind.ForkedCheckpoint,
                    $"checkpoint {copy.Seq} was published but is no longer in the database", copy.Seq));
            }
            else if (mine.Hash != copy.Hash)
            {
                problems.Add(new JournalProblem(JournalProblemKind.ForkedCheckpoint,
                    $"checkpoint {copy.Seq} in the database ({mine.Hash[..12]}…) differs from the published one ({copy.Hash[..12]}…): the chain was forked",
                    copy.Seq));
            }
        }
    }

    /// <summary>Recomputes a sealed range's root; on a mismatch, names what changed from the leaves the checkpoint kept.</summary>
    private static async Task CheckSealAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, PublishedCheckpoint checkpoint, byte[]? storedLeaves,
        List<JournalProblem> problems, CancellationToken cancellationToken)
    {
        var current = await JournalSealer.ReadLeavesAsync(connection, transaction, checkpoint.XactFrom, checkpoint.XactTo, cancellationToken);
        if (current.Count == checkpoint.Entries && SealedLeaf.Root(current) == checkpoint.MerkleRoot)
        {
            return;
        }

        // The kept leaves tell what was sealed only if they still give the (published) root.
        var sealedLeaves = storedLeaves is null ? null : SealedLeaf.Unpack(storedLeaves);
        if (sealedLeaves is null || SealedLeaf.Root(sealedLeaves) != checkpoint.MerkleRoot)
        {
            problems.Add(new JournalProblem(JournalProblemKind.ForkedCheckpoint,
                $"the journal no longer matches checkpoint {checkpoint.Seq}: {checkpoint.Entries} entries sealed, {current.Count} found, and the checkpoint's " +
                "own record of them was altered too", checkpoint.Seq));
            return;
        }

        var now = current.ToDictionary(l => (l.InstanceId, l.Seq), l => l.EntryHash);
        var missing = new List<SealedLeaf>();
        foreach (var leaf in sealedLeaves)
        {
            if (!now.TryGetValue((leaf.InstanceId, leaf.Seq), out var hash))
            {
                missing.Add(leaf);
            }
            else if (hash != leaf.EntryHash)
            {
                problems.Add(new JournalProblem(JournalProblemKind.BrokenEntry,
                    $"entry {leaf.Seq} of instance {leaf.InstanceId} was rewritten after checkpoint {checkpoint.Seq} sealed it", checkpoint.Seq, leaf.InstanceId, leaf.Seq));
            }
        }

        var existing = await ExistingInstancesAsync(connection, transaction, missing.Select(l => l.InstanceId).Distinct().ToArray(), cancellationToken);
        foreach (var group in missing.GroupBy(l => l.InstanceId))
        {
            var first = group.Min(l => l.Seq);
            problems.Add(existing.Contains(group.Key)
                ? new JournalProblem(JournalProblemKind.MissingEntries,
                    $"{group.Count()} entries of instance {group.Key} sealed by checkpoint {checkpoint.Seq} are missing, from entry {first}", checkpoint.Seq, group.Key, first)
                : new JournalProblem(JournalProblemKind.MissingInstance,
                    $"instance {group.Key} and its {group.Count()} entries sealed by checkpoint {checkpoint.Seq} were deleted", checkpoint.Seq, group.Key, first));
        }

        var sealedKeys = sealedLeaves.Select(l => (l.InstanceId, l.Seq)).ToHashSet();
        foreach (var added in current.Where(l => !sealedKeys.Contains((l.InstanceId, l.Seq))).Take(MaxProblems))
        {
            problems.Add(new JournalProblem(JournalProblemKind.AddedEntries,
                $"entry {added.Seq} of instance {added.InstanceId} appeared in the range checkpoint {checkpoint.Seq} had sealed", checkpoint.Seq, added.InstanceId, added.Seq));
        }
    }

    private static async Task<HashSet<Guid>> ExistingInstancesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid[] ids,
        CancellationToken cancellationToken)
    {
        var found = new HashSet<Guid>();
        if (ids.Length == 0)
        {
            return found;
        }

        await using var command = Sql.Command(connection, transaction, "SELECT id FROM workflow_instances WHERE id = ANY($1)", ids);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(reader.GetGuid(0));
        }

        return found;
    }

    /// <summary>Every instance's hash chain, and its end against the instance row; one instance in memory at a time.</summary>
    private static async Task<(long Entries, int Instances)> CheckChainsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        List<JournalProblem> problems, CancellationToken cancellationToken)
    {
        var (entries, instances) = (0L, 0);
        var columns = string.Join(", ", InstanceQueries.JournalColumns.Split(", ").Select(c => "j." + c.Trim()));
        await using (var command = Sql.Command(connection, transaction,
            $"SELECT {columns}, i.id IS NOT NULL, i.journal_seq, i.last_journal_hash FROM workflow_journal j " +
            "LEFT JOIN workflow_instances i ON i.id = j.instance_id ORDER BY j.instance_id, j.seq"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            var chain = new List<JournalEntry>();
            (bool Exists, int Seq, string? Hash) row = default;
            while (await reader.ReadAsync(cancellationToken))
            {
                var entry = InstanceQueries.ReadJournalEntry(reader);
                if (chain.Count > 0 && chain[0].InstanceId != entry.InstanceId)
                {
                    CheckInstance(chain, row, problems);
                    instances++;
                    chain.Clear();
                }

                row = (reader.GetBoolean(17), reader.IsDBNull(18) ? 0 : reader.GetInt32(18), reader.IsDBNull(19) ? null : reader.GetString(19));
                chain.Add(entry);
                entries++;
            }

            if (chain.Count > 0)
            {
                CheckInstance(chain, row, problems);
                instances++;
            }
        }

        await using (var orphans = Sql.Command(connection, transaction,
            "SELECT id, journal_seq FROM workflow_instances i WHERE NOT EXISTS (SELECT 1 FROM workflow_journal j WHERE j.instance_id = i.id)"))
        await using (var reader = await orphans.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                problems.Add(new JournalProblem(JournalProblemKind.MissingEntries,
                    $"instance {reader.GetGuid(0)} expects {reader.GetInt32(1)} journal entries and has none", InstanceId: reader.GetGuid(0), Seq: 1));
                instances++;
            }
        }

        return (entries, instances);
    }

    private static void CheckInstance(List<JournalEntry> chain, (bool Exists, int Seq, string? Hash) row, List<JournalProblem> problems)
    {
        var instanceId = chain[0].InstanceId;
        var result = JournalVerifier.Verify(chain);
        if (!result.Intact)
        {
            problems.Add(new JournalProblem(JournalProblemKind.BrokenEntry, $"instance {instanceId}: {result.Reason} at entry {result.BrokenSeq}",
                InstanceId: instanceId, Seq: result.BrokenSeq));
        }
        else if (!row.Exists)
        {
            problems.Add(new JournalProblem(JournalProblemKind.MissingInstance, $"instance {instanceId} was deleted; its {chain.Count} journal entries remain",
                InstanceId: instanceId, Seq: 1));
        }
        else if (row.Seq != chain[^1].Seq || row.Hash != chain[^1].Hash)
        {
            problems.Add(new JournalProblem(JournalProblemKind.MissingEntries,
                $"instance {instanceId} expects {row.Seq} entries, its journal ends at entry {chain[^1].Seq}: entries were removed",
                InstanceId: instanceId, Seq: chain[^1].Seq + 1));
        }
    }

    private static async Task<List<JournalCheckpoint>> ReadCheckpointsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction,
            $"SELECT {CheckpointQueries.Columns}, leaves FROM journal_checkpoints ORDER BY seq");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<JournalCheckpoint>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var c = CheckpointQueries.Read(reader);
            list.Add(new JournalCheckpoint
            {
                Seq = c.Seq, CreatedAt = c.CreatedAt, XactFrom = c.XactFrom, XactTo = c.XactTo, Entries = c.Entries, MerkleRoot = c.MerkleRoot,
                PrevHash = c.PrevHash, Hash = c.Hash, Algorithm = c.Algorithm, KeyId = c.KeyId, Signature = c.Signature, Leaves = reader.GetFieldValue<byte[]>(11),
            });
        }

        return list;
    }
}
