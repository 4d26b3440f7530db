using System.Net.Http.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Services.Data.Workflows;
using Services.Workflows.Notifications;

namespace Services.Workflows.Runtime;

/// <summary>
/// Delivers outbox messages. Messages are leased like timers (<c>FOR UPDATE SKIP LOCKED</c>), so two processes never
/// send the same message at once; a failure is retried with exponential backoff, then dead-lettered for an admin.
/// Delivery is at least once (a crash between sending and recording repeats the send), and every delivery carries
/// the message's stable id so receivers can drop the repeat.
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

    /// <summary>Claims and delivers one batch; returns how many were handled (sent, retried later or dead-lettered).</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var messages = await ClaimAsync(_options.OutboxBatchSize, cancellationToken);
        foreach (var message in messages)
        {
            await DeliverAsync(message, cancellationToken);
        }

        return messages.Count;
    }

    public async Task<IReadOnlyList<PendingMessage>> ClaimAsync(int max, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var command = Sql.Command(dataSource,
            "UPDATE outbox_messages m SET lease_owner = $1, lease_until = now() + $2 FROM (" +
            "SELECT id FROM outbox_messages WHERE status = 'Pending' AND next_attempt_at <= $3 AND (lease_until IS NULL OR lease_until < now()) " +
            "ORDER BY next_attempt_at LIMIT $4 FOR UPDATE SKIP LOCKED) due WHERE m.id = due.id " +
            "RETURNING m.id, m.channel, m.recipient, m.subject, m.body, m.attempts",
            _options.NodeId, _options.LeaseDuration, now, max);
        var messages = new List<PendingMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(new PendingMessage(reader.GetGuid(0), Enum.Parse<NotificationChannel>(reader.GetString(1)), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetInt32(5)));
        }

        return messages;
    }

    public async Task DeliverAsync(PendingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var attempts = message.Attempts + 1;
        try
        {
            switch (message.Channel)
            {
                case NotificationChannel.Email:
                    await mail.SendAsync(new MailMessageRequest(message.Recipient, message.Subject, message.Body, MessageId: message.Id.ToString()), cancellationToken);
                    break;
                case NotificationChannel.InApp:
                    if (!Guid.TryParse(message.Recipient, out var userId))
                    {
                        await FinishAsync(message.Id, OutboxStatus.DeadLettered, attempts, $"'{message.Recipient}' is not a user id.", cancellationToken);
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
                        await FinishAsync(message.Id, OutboxStatus.DeadLettered, attempts,
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

            await FinishAsync(message.Id, OutboxStatus.Sent, attempts, null, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = StepWriter.Truncate($"{e.GetType().Name}: {e.Message}", 2000);
            if (attempts >= _options.OutboxMaxAttempts)
            {
                logger.LogError(e, "Outbox message {MessageId} dead-lettered after {Attempts} attempts", message.Id, attempts);
                await FinishAsync(message.Id, OutboxStatus.DeadLettered, attempts, error, cancellationToken);
            }
            else
            {
                var retryAt = clock.GetUtcNow() + _options.OutboxRetryBase * Math.Pow(2, attempts - 1);
                logger.LogWarning(e, "Outbox message {MessageId} failed (attempt {Attempts}); retry at {RetryAt}", message.Id, attempts, retryAt);
                await using var retry = Sql.Command(dataSource,
                    "UPDATE outbox_messages SET attempts = $2, next_attempt_at = $3, last_error = $4, lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $5",
                    message.Id, attempts, retryAt, error, _options.NodeId);
                await retry.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    private async Task FinishAsync(Guid id, OutboxStatus status, int attempts, string? error, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(dataSource,
            "UPDATE outbox_messages SET status = $2, attempts = $3, last_error = coalesce($4, last_error), sent_at = $5, lease_owner = NULL, lease_until = NULL " +
            "WHERE id = $1 AND lease_owner = $6",
            id, status, attempts, error, status == OutboxStatus.Sent ? clock.GetUtcNow() : null, _options.NodeId);
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
