using Npgsql;
using Services.Data.Workflows;

namespace Services.Workflows.Runtime;

/// <summary>What an operator does with a parked automated step: run it again, or cancel the instance.</summary>
public sealed class IncidentService(NpgsqlDataSource dataSource, WorkflowRuntime runtime, TimeProvider clock)
{
    public async Task<IReadOnlyList<WorkflowIncident>> ListOpenAsync(CancellationToken cancellationToken = default)
    {
        await using var command = Sql.Command(dataSource,
            "SELECT id, instance_id, step, error, attempts, status, created_at FROM workflow_incidents WHERE status = 'Open' ORDER BY created_at");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var incidents = new List<WorkflowIncident>();
        while (await reader.ReadAsync(cancellationToken))
        {
            incidents.Add(new WorkflowIncident
            {
                Id = reader.GetGuid(0),
                InstanceId = reader.GetGuid(1),
                Step = reader.GetString(2),
                Error = reader.GetString(3),
                Attempts = reader.GetInt32(4),
                Status = Enum.Parse<IncidentStatus>(reader.GetString(5)),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(6),
            });
        }

        return incidents;
    }

    /// <summary>Runs the step again now, with a fresh set of attempts.</summary>
    public Task RetryAsync(Guid incidentId, Actor actor, CancellationToken cancellationToken = default) =>
        ResolveAsync(incidentId, actor, retry: true, cancellationToken);

    /// <summary>Cancels the instance the incident belongs to.</summary>
    public Task CancelAsync(Guid incidentId, Actor actor, CancellationToken cancellationToken = default) =>
        ResolveAsync(incidentId, actor, retry: false, cancellationToken);

    private async Task ResolveAsync(Guid incidentId, Actor actor, bool retry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        Guid instanceId;
        string step;
        await using (var resolve = Sql.Command(connection, transaction,
            "UPDATE workflow_incidents SET status = $2, resolved_at = $3, resolved_by = $4 WHERE id = $1 AND status = 'Open' RETURNING instance_id, step",
            incidentId, retry ? IncidentStatus.Retried : IncidentStatus.Cancelled, now, actor.DisplayName))
        await using (var reader = await resolve.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new InvalidOperationException($"Incident {incidentId} does not exist or is already resolved.");
            }

            instanceId = reader.GetGuid(0);
            step = reader.GetString(1);
        }

        if (!retry)
        {
            await runtime.CancelAsync(connection, transaction, instanceId, $"incident {incidentId} cancelled by an operator", actor, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return;
        }

        var instance = await InstanceSnapshot.LockAsync(connection, transaction, instanceId, cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Sql.Command(
            "UPDATE workflow_instances SET status = 'Running', row_version = row_version + 1, updated_at = $2 WHERE id = $1", instanceId, now));
        StepWriter.AddTimer(batch, instanceId, TimerKind.RunAutomated, step, null, null, now, 1, now);
        StepWriter.JournalOnly(batch, instance, $"incident:{incidentId}:retry", $"incident on step {step} retried by an operator", actor, "", now);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
