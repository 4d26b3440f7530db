using Npgsql;
using Services.Data.Workflows;

namespace Services.Workflows.Runtime;

/// <summary>
/// Walks an instance's journal and recomputes its hash chain. Reports the first entry whose stored hash does not
/// match its content, whose prev_hash does not match the entry before, or that follows a gap in the sequence; and
/// a chain whose end differs from the hash the instance row remembers (entries removed from the end).
/// </summary>
public sealed class JournalVerifier(InstanceQueries queries, NpgsqlDataSource dataSource)
{
    public async Task<ChainVerification> VerifyAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        var entries = await queries.JournalAsync(instanceId, cancellationToken);
        var result = Verify(entries);
        if (!result.Intact)
        {
            return result;
        }

        await using var command = Sql.Command(dataSource, "SELECT journal_seq, last_journal_hash FROM workflow_instances WHERE id = $1", instanceId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (await reader.ReadAsync(cancellationToken))
        {
            var (seq, hash) = (reader.GetInt32(0), reader.GetString(1));
            var last = entries.Count == 0 ? null : entries[^1];
            if (seq != (last?.Seq ?? 0) || hash != (last?.Hash ?? JournalChain.Genesis))
            {
                return new ChainVerification(false, entries.Count, last?.Id, last?.Seq,
                    $"the instance expects {seq} entries ending in {hash[..12]}…, the journal ends at entry {last?.Seq ?? 0}: entries were removed");
            }
        }

        return result;
    }

    /// <summary>Checks a chain already read (ordered by seq).</summary>
    public static ChainVerification Verify(IReadOnlyList<JournalEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var previous = JournalChain.Genesis;
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            if (e.Seq != i + 1)
            {
                return Broken(entries.Count, e, $"entry {i + 1} is missing (found {e.Seq})");
            }

            if (e.PrevHash != previous)
            {
                return Broken(entries.Count, e, "prev_hash does not match the previous entry's hash");
            }

            if (JournalChain.Hash(JournalFields.Of(e), e.PrevHash) != e.Hash)
            {
                return Broken(entries.Count, e, "the entry's content does not match its hash");
            }

            if (e.Payload is not null && JournalChain.Sha256Hex(e.Payload) != e.PayloadSha256)
            {
                return Broken(entries.Count, e, "the entry's payload does not match its stored digest");
            }

            previous = e.Hash;
        }

        return new ChainVerification(true, entries.Count, null, null, null);
    }

    private static ChainVerification Broken(int count, JournalEntry entry, string reason) => new(false, count, entry.Id, entry.Seq, reason);
}

/// <param name="BrokenEntryId">The journal row id of the first broken entry.</param>
public sealed record ChainVerification(bool Intact, int Entries, long? BrokenEntryId, int? BrokenSeq, string? Reason);
