using Npgsql;
using Services.Workflows.Runtime;

namespace Services.Workflows.Journal;

/// <summary>Reads the published side of the checkpoints (never their leaves), for the public page and feed.</summary>
public sealed class CheckpointQueries(NpgsqlDataSource dataSource, JournalSigningKey key)
{
    internal const string Columns = "seq, created_at, xact_from, xact_to, entries, merkle_root, prev_hash, hash, algorithm, key_id, signature";

    /// <summary>Checkpoints after <paramref name="after"/>, oldest first, at most <paramref name="take"/>.</summary>
    public async Task<IReadOnlyList<PublishedCheckpoint>> ListAsync(int after = 0, int take = 1000, CancellationToken cancellationToken = default)
    {
        await using var command = Sql.Command(dataSource, $"SELECT {Columns} FROM journal_checkpoints WHERE seq > $1 ORDER BY seq LIMIT $2", after, take);
        return await ReadAllAsync(command, cancellationToken);
    }

    /// <summary>The newest <paramref name="take"/> checkpoints, newest first.</summary>
    public async Task<IReadOnlyList<PublishedCheckpoint>> LatestAsync(int take, CancellationToken cancellationToken = default)
    {
        await using var command = Sql.Command(dataSource, $"SELECT {Columns} FROM journal_checkpoints ORDER BY seq DESC LIMIT $1", take);
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<JournalFeed> FeedAsync(int after = 0, int take = 1000, CancellationToken cancellationToken = default) =>
        new(JournalSigningKey.AlgorithmName, key.PublicKey, key.KeyId, await ListAsync(after, take, cancellationToken));

    internal static PublishedCheckpoint Read(NpgsqlDataReader reader) => new(
        reader.GetInt32(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt32(4), reader.GetString(5),
        reader.GetString(6), reader.GetString(7), reader.GetString(8), reader.GetString(9), reader.GetString(10));

    private static async Task<IReadOnlyList<PublishedCheckpoint>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<PublishedCheckpoint>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(Read(reader));
        }

        return list;
    }
}
