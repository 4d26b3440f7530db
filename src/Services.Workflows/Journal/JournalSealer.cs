using System.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Services.Data.Workflows;
using Services.Workflows.Runtime;

namespace Services.Workflows.Journal;

/// <summary>
/// Makes checkpoints: every <see cref="JournalOptions.CheckpointInterval"/> on any node that runs background work,
/// and on demand. A checkpoint seals the entries of every transaction older than the oldest still running (so none
/// can commit into a range already sealed), in journal order, under a Merkle root chained to the previous
/// checkpoint's hash and signed. Nodes take turns through an advisory lock; the checkpoint number being the key, two
/// sealers racing past it cannot both commit (no fork).
/// </summary>
public sealed class JournalSealer(
    NpgsqlDataSource dataSource,
    JournalSigningKey key,
    IOptions<JournalOptions> options,
    IOptions<WorkflowOptions> workflowOptions,
    TimeProvider clock,
    ILogger<JournalSealer> logger) : BackgroundService
{
    /// <summary>Advisory lock key held by the node that is sealing ("journal" in ASCII).</summary>
    private const long SealLock = 0x6a6f75726e616c;

    /// <summary>Seals what is new; returns the checkpoint, or null if nothing was new or another node was sealing.</summary>
    public async Task<JournalCheckpoint?> SealAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // One snapshot for the horizon and the entries read under it.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await using (var lockCommand = Sql.Command(connection, transaction, "SELECT pg_try_advisory_xact_lock($1)", SealLock))
        {
            if (!(bool)(await lockCommand.ExecuteScalarAsync(cancellationToken))!)
            {
                return null;
            }
        }

        var (seq, from, prevHash) = (1, 0L, Runtime.JournalChain.Genesis);
        await using (var last = Sql.Command(connection, transaction, "SELECT seq, xact_to, hash FROM journal_checkpoints ORDER BY seq DESC LIMIT 1"))
        await using (var reader = await last.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                (seq, from, prevHash) = (reader.GetInt32(0) + 1, reader.GetInt64(1), reader.GetString(2));
            }
        }

        long horizon;
        await using (var xmin = Sql.Command(connection, transaction, "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint"))
        {
            horizon = (long)(await xmin.ExecuteScalarAsync(cancellationToken))!;
        }

        var leaves = await ReadLeavesAsync(connection, transaction, from, horizon, cancellationToken);
        if (leaves.Count == 0)
        {
            return null;
        }

        var createdAt = Runtime.JournalChain.TruncateToMicroseconds(clock.GetUtcNow());
        var root = SealedLeaf.Root(leaves);
        var hash = Runtime.JournalChain.Sha256Hex(PublishedCheckpoint.Canonical(seq, createdAt, from, horizon, leaves.Count, root, prevHash));
        var checkpoint = new JournalCheckpoint
        {
            Seq = seq, CreatedAt = createdAt, XactFrom = from, XactTo = horizon, Entries = leaves.Count, MerkleRoot = root, PrevHash = prevHash, Hash = hash,
            Algorithm = JournalSigningKey.AlgorithmName, KeyId = key.KeyId, Signature = key.Sign(hash), Leaves = SealedLeaf.Pack(leaves),
        };
        await using (var insert = Sql.Command(connection, transaction,
            "INSERT INTO journal_checkpoints (seq, created_at, xact_from, xact_to, entries, merkle_root, prev_hash, hash, algorithm, key_id, signature, leaves) " +
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            checkpoint.Seq, checkpoint.CreatedAt, checkpoint.XactFrom, checkpoint.XactTo, checkpoint.Entries, checkpoint.MerkleRoot, checkpoint.PrevHash,
            checkpoint.Hash, checkpoint.Algorithm, checkpoint.KeyId, checkpoint.Signature, checkpoint.Leaves))
        {
            try
            {
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // Another node sealed this number between our snapshot and our lock; its checkpoint stands.
                return null;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Journal checkpoint {Seq} sealed {Entries} entries, root {Root}", seq, leaves.Count, root);
        return checkpoint;
    }

    /// <summary>The entries of transactions in [from, to), in journal order: what a checkpoint over that range seals.</summary>
    internal static async Task<List<SealedLeaf>> ReadLeavesAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long from, long to,
        CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction,
            "SELECT instance_id, seq, hash FROM workflow_journal WHERE xact_id >= $1 AND xact_id < $2 ORDER BY id", from, to);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var leaves = new List<SealedLeaf>();
        while (await reader.ReadAsync(cancellationToken))
        {
            leaves.Add(new SealedLeaf(reader.GetGuid(0), reader.GetInt32(1), reader.GetString(2)));
        }

        return leaves;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!workflowOptions.Value.RunBackgroundWorkers)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.CheckpointInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SealAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                // The database is away; the next tick seals everything since the last checkpoint anyway.
                logger.LogWarning(e, "Journal checkpoint failed; retrying at the next interval");
            }
        }
    }
}
