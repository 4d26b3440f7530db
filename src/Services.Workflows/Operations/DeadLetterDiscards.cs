using Npgsql;

namespace Services.Workflows.Operations;

/// <summary>Gives up on a dead letter for good, recording why and who decided; it then leaves the console's list.</summary>
public sealed class DeadLetterDiscards(NpgsqlDataSource dataSource, TimeProvider clock)
{
    public const int ReasonMaxLength = 500;

    /// <returns>False when the message is not a dead letter (any more) or was already discarded.</returns>
    public async Task<bool> DiscardAsync(Guid messageId, string reason, string discardedBy, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ArgumentException.ThrowIfNullOrWhiteSpace(discardedBy);
        await using var command = dataSource.CreateCommand(
            "INSERT INTO outbox_discards (message_id, reason, discarded_by, discarded_at) " +
            "SELECT id, $2, $3, $4 FROM outbox_messages WHERE id = $1 AND status = 'DeadLettered' ON CONFLICT (message_id) DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter { Value = messageId });
        command.Parameters.Add(new NpgsqlParameter { Value = reason.Trim() });
        command.Parameters.Add(new NpgsqlParameter { Value = discardedBy.Length > 200 ? discardedBy[..200] : discardedBy });
        command.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow() });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
