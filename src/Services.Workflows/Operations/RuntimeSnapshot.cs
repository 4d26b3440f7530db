using Npgsql;

namespace Services.Workflows.Operations;

/// <summary>The runtime's health in numbers, read from the database at one instant (for the metrics endpoint).</summary>
public sealed record RuntimeSnapshot(
    long JournalEntries,
    int TimersDue,
    double TimerLagSeconds,
    int OutboxPending,
    double OutboxOldestSeconds,
    int DeadLetters,
    int OpenIncidents)
{
    /// <summary>
    /// One round trip, each part on an index: the journal's highest id stands for "entries written so far" (every
    /// transition writes one), which Prometheus turns into transitions per second with rate(). Synchronous because
    /// observable instruments are read synchronously at scrape time.
    /// </summary>
    public static RuntimeSnapshot Read(NpgsqlDataSource dataSource, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        using var command = dataSource.CreateCommand("""
            SELECT (SELECT coalesce(max(id), 0) FROM workflow_journal),
                   (SELECT count(*) FROM workflow_timers WHERE status = 'Pending' AND due_at <= $1),
                   (SELECT min(due_at) FROM workflow_timers WHERE status = 'Pending' AND due_at <= $1),
                   (SELECT count(*) FROM outbox_messages WHERE status = 'Pending'),
                   (SELECT min(created_at) FROM outbox_messages WHERE status = 'Pending'),
                   (SELECT count(*) FROM outbox_messages m WHERE m.status = 'DeadLettered'
                        AND NOT EXISTS (SELECT 1 FROM outbox_discards d WHERE d.message_id = m.id)),
                   (SELECT count(*) FROM workflow_incidents WHERE status = 'Open')
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        using var reader = command.ExecuteReader();
        reader.Read();
        double SecondsSince(int column) =>
            reader.IsDBNull(column) ? 0 : Math.Max(0, (now - reader.GetFieldValue<DateTimeOffset>(column)).TotalSeconds);
        return new RuntimeSnapshot(
            reader.GetInt64(0), (int)reader.GetInt64(1), SecondsSince(2), (int)reader.GetInt64(3), SecondsSince(4),
            (int)reader.GetInt64(5), (int)reader.GetInt64(6));
    }
}
