using System.Net.Http.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Services.Data.Workflows;
using Services.Workflows.Notifications;

namespace Services.Workflows.Runtime;

/// <summary>
/// Delivers outbox messages. A batch is leased like timers (<c>FOR UPDATE SKIP LOCKED</c>, on the database's clock);
/// then, just before each send, one statement checks the message is still this node's, counts the attempt and renews
/// the lease (<see cref="TakeAsync"/>). So a node whose batch lease ran out mid-batch skips the messages another node
/// took over, each message is sent once per lease holder, and a message that crashes or hangs its sender has its
/// attempts counted anyway and is dead-lettered after <see cref="WorkflowOptions.OutboxMaxAttempts"/> rather than
/// tried for ever. Delivery is at least once (a crash between sending and recording repeats the send), and every
/// delivery carries the message's stable id (the e-mail's Message-ID) so receivers can drop the repeat.
/// </summary>
public sealed class OutboxDispatcher(
    NpgsqlDataSource dataSource,
    IMailSender mail,
    IHttpClientFactory httpClients,
    IOptions<WorkflowOptions> options,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    public const string SmsHttpClient = "workflows-sms";
    private readonly WorkflowOptions _options = options.Value;

    /// <summary>Claims and delivers one batch; returns how many were handled (sent, retried later, dead-lettered or taken over).</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var messages = await ClaimAsync(_options.OutboxBatchSize, cancellationToken);
        if (messages.Count == 0)
        {
            return 0;
        }

        // One SMTP connection for the whole batch, opened only if the batch has an e-mail.
        IMailSession? session = null;
        try
        {
            foreach (var message in messages)
            {
                if (message.Channel == NotificationChannel.Email)
                {
                    session ??= await mail.OpenSessionAsync(cancellationToken);
                }

                await DeliverAsync(message, session, cancellationToken);
            }
        }
        finally
        {
            if (session is not null)
            {
                await session.DisposeAsync();
            }
        }

        return messages.Count;
    }

    public async Task<IReadOnlyList<PendingMessage>> ClaimAsync(int max, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(dataSource,
            "UPDATE outbox_messages m SET lease_owner = $1, lease_until = now() + $2 FROM (" +
            "SELECT id FROM outbox_messages WHERE status = 'Pending' AND next_attempt_at <= $3 AND (lease_until IS NULL OR lease_until < now()) " +
            "ORDER BY next_attempt_at LIMIT $4 FOR UPDATE SKIP LOCKED) due WHERE m.id = due.id " +
            "RETURNING m.id, m.channel, m.recipient, m.subject, m.body, m.attempts",
            _options.NodeId, _options.LeaseDuration, clock.GetUtcNow(), max);
        var messages = new List<PendingMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(new PendingMessage(reader.GetGuid(0), Enum.Parse<NotificationChannel>(reader.GetString(1)), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetInt32(5)));
        }

        return messages;
    }

    /// <summary>Delivers one claimed message; <paramref name="session"/> is the batch's mail session (needed for e-mail).</summary>
    public async Task DeliverAsync(PendingMessage message, IMailSession? session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (await TakeAsync(message.Id, cancellationToken) is not { } attempts)
        {
            logger.LogInformation("Outbox message {MessageId} was taken over by another node after this node's lease ran out; not sent here", message.Id);
            return;
        }

        if (attempts > _options.OutboxMaxAttempts)
        {
            // Attempts are counted before sending, so this one's earlier tries never recorded an outcome: each time
            // its sender died or hung on it.
            logger.LogError("Outbox message {MessageId} dead-lettered: {Attempts} attempts never finished", message.Id, attempts - 1);
            await FinishAsync(message.Id, OutboxStatus.DeadLettered,
                $"Dead-lettered: {attempts - 1} delivery attempts never finished (the sender crashed or hung).", cancellationToken);
            return;
        }

        try
        {
            switch (message.Channel)
            {
                case NotificationChannel.Email:
                    var mailSession = session ?? throw new InvalidOperationException("An e-mail needs the batch's mail session.");
                    await mailSession.SendAsync(new MailMessageRequest(message.Recipient, message.Subject, message.Body, MessageId: message.Id.ToString()),
                        cancellationToken);
                    break;
                case NotificationChannel.InApp:
                    if (!Guid.TryParse(message.Recipient, out var userId))
                    {
                        await FinishAsync(message.Id, OutboxStatus.DeadLettered, $"'{message.Recipient}' is not a user id.", cancellationToken);
                        return;
                    }

                    // The unique message_id makes a repeated delivery insert nothing.
                    await using (var insert = Sql.Command(dataSource,
                        "INSERT INTO notifications (id, user_id, message_id, title, body, created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (message_id) DO NOTHING",
                        Guid.CreateVersion7(clock.GetUtcNow()), userId, message.Id, message.Subject, message.Body, clock.GetUtcNow()))
                    {
                        await insert.ExecuteNonQueryAsync(cancellationToken);
                    }

                    break;
                case NotificationChannel.Sms:
                    if (_options.SmsWebhookUrl is null)
                    {
                        // Never pretend an SMS went out: without a gateway the message is parked where an admin sees it.
                        await FinishAsync(message.Id, OutboxStatus.DeadLettered,
                            "No SMS gateway is configured (Workflows:SmsWebhookUrl); the message was not sent.", cancellationToken);
                        return;
                    }

                    using (var client = httpClients.CreateClient(SmsHttpClient))
                    {
                        using var response = await client.PostAsJsonAsync(_options.SmsWebhookUrl,
                            new { messageId = message.Id, to = message.Recipient, text = message.Body }, cancellationToken);
                        response.EnsureSuccessStatusCode();
                    }

                    break;
            }

            await FinishAsync(message.Id, OutboxStatus.Sent, null, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = StepWriter.Truncate($"{e.GetType().Name}: {e.Message}", 2000);
            if (attempts >= _options.OutboxMaxAttempts)
            {
                logger.LogError(e, "Outbox message {MessageId} dead-lettered after {Attempts} attempts", message.Id, attempts);
                await FinishAsync(message.Id, OutboxStatus.DeadLettered, error, cancellationToken);
            }
            else
            {
                var retryAt = clock.GetUtcNow() + _options.OutboxRetryBase * Math.Pow(2, attempts - 1);
                logger.LogWarning(e, "Outbox message {MessageId} failed (attempt {Attempts}); retry at {RetryAt}", message.Id, attempts, retryAt);
                await using var retry = Sql.Command(dataSource,
                    "UPDATE outbox_messages SET next_attempt_at = $2, last_error = $3, lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $4",
                    message.Id, retryAt, error, _options.NodeId);
                await retry.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    /// <summary>
    /// Just before a send: if the message is still pending and leased to this node, counts the attempt and renews the
    /// lease for this one send, in one statement; returns the attempt's number, or null if another node has it now.
    /// </summary>
    private async Task<int?> TakeAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(dataSource,
            "UPDATE outbox_messages SET attempts = attempts + 1, lease_until = now() + $3 WHERE id = $1 AND status = 'Pending' AND lease_owner = $2 " +
            "RETURNING attempts", id, _options.NodeId, _options.LeaseDuration);
        return await command.ExecuteScalarAsync(cancellationToken) as int?;
    }

    private async Task FinishAsync(Guid id, OutboxStatus status, string? error, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(dataSource,
            "UPDATE outbox_messages SET status = $2, last_error = coalesce($3, last_error), sent_at = $4, lease_owner = NULL, lease_until = NULL " +
            "WHERE id = $1 AND lease_owner = $5",
            id, status, error, status == OutboxStatus.Sent ? clock.GetUtcNow() : null, _options.NodeId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.RunBackgroundWorkers)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            int handled;
            try
            {
                handled = await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Outbox dispatcher poll failed");
                handled = 0;
            }

            if (handled == 0 && !await PollDelay.WaitAsync(_options.PollInterval, clock, stoppingToken))
            {
                return;
            }
        }
    }
}

public sealed record PendingMessage(Guid Id, NotificationChannel Channel, string Recipient, string Subject, string Body, int Attempts);
