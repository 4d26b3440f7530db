using Services.Data.Workflows;

namespace Services.Workflows.Runtime;

/// <summary>The dead-letter list and its retry, for admins.</summary>
public sealed class OutboxAdmin(Npgsql.NpgsqlDataSource dataSource, TimeProvider clock)
{
    public async Task<IReadOnlyList<OutboxMessage>> ListDeadLettersAsync(int take = 100, CancellationToken cancellationToken = default)
    {
        await using var command = Sql.Command(dataSource,
            "SELECT id, instance_id, channel, recipient, subject, body, attempts, last_error, created_at FROM outbox_messages " +
            "WHERE status = 'DeadLettered' ORDER BY created_at DESC LIMIT $1", take);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var messages = new List<OutboxMessage>();
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(new OutboxMessage
            {
                Id = reader.GetGuid(0),
                InstanceId = reader.IsDBNull(1) ? null : reader.GetGuid(1),
                Channel = Enum.Parse<NotificationChannel>(reader.GetString(2)),
                Recipient = reader.GetString(3),
                Subject = reader.GetString(4),
                Body = reader.GetString(5),
                Status = OutboxStatus.DeadLettered,
                Attempts = reader.GetInt32(6),
                LastError = reader.IsDBNull(7) ? null : reader.GetString(7),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(8),
            });
        }

        return messages;
    }

    /// <summary>Queues a dead letter again, with a fresh set of attempts and the same message id.</summary>
    public async Task<bool> RetryAsync(Guid messageId, CancellationToken cancellationToken = default)
    {
        await using var command = Sql.Command(dataSource,
            "UPDATE outbox_messages SET status = 'Pending', attempts = 0, next_attempt_at = $2, lease_owner = NULL, lease_until = NULL " +
            "WHERE id = $1 AND status = 'DeadLettered'", messageId, clock.GetUtcNow());
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
