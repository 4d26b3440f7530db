using Npgsql;
using Services.Data.Workflows;

namespace Services.Workflows.Runtime;

/// <summary>What an operator does with a parked instance: run its failed work again, or cancel the instance.</summary>
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

    /// <summary>
    /// Runs the failed work again now (its timers, with a fresh set of tries). Refused with
    /// <see cref="IncidentActionRefusedException"/> unless the incident is open and its instance still parked on it:
    /// a cancelled or finished instance is never brought back.
    /// </summary>
    public Task RetryAsync(Guid incidentId, Actor actor, CancellationToken cancellationToken = default) =>
        ResolveAsync(incidentId, actor, retry: true, cancellationToken);

    /// <summary>Cancels the instance the incident belongs to (which closes the incident).</summary>
    public Task CancelAsync(Guid incidentId, Actor actor, CancellationToken cancellationToken = default) =>
        ResolveAsync(incidentId, actor, retry: false, cancellationToken);

    private async Task ResolveAsync(Guid incidentId, Actor actor, bool retry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Guid instanceId;
        await using (var find = Sql.Command(dataSource, "SELECT instance_id FROM workflow_incidents WHERE id = $1", incidentId))
        {
            instanceId = await find.ExecuteScalarAsync(cancellationToken) as Guid?
                ?? throw new IncidentActionRefusedException(incidentId, $"Incident {incidentId} does not exist.");
        }

        await LockedInstance.RunAsync(dataSource, instanceId, async locked =>
        {
            var now = clock.GetUtcNow();
            string step;
            await using (var open = locked.Command("SELECT step FROM workflow_incidents WHERE id = $1 AND status = 'Open' FOR UPDATE", incidentId))
            {
                step = await open.ExecuteScalarAsync(cancellationToken) as string
                    ?? throw new IncidentActionRefusedException(incidentId, $"Incident {incidentId} is already resolved.");
            }

            if (!retry)
            {
                // Cancelling the instance closes its open incidents, this one included.
                await runtime.CancelAsync(locked, $"incident {incidentId} cancelled by an operator", actor, tellParent: true, cancellationToken);
                return true;
            }

            if (locked.Instance.Status != WorkflowStatus.Incident)
            {
                throw new IncidentActionRefusedException(incidentId,
                    $"Instance {instanceId} is {locked.Instance.Status}, not parked on an incident: there is nothing to retry.");
            }

            await using var batch = locked.NewBatch();
            batch.BatchCommands.Add(Sql.Command(
                "UPDATE workflow_incidents SET status = 'Retried', resolved_at = $2, resolved_by = $3 WHERE id = $1",
                incidentId, now, StepWriter.Truncate(actor.DisplayName, 200)));
            batch.BatchCommands.Add(Sql.Command(
                "UPDATE workflow_instances SET status = 'Running', row_version = row_version + 1, updated_at = $2 WHERE id = $1", instanceId, now));
            batch.BatchCommands.Add(Sql.Command(
                "UPDATE workflow_timers SET status = 'Pending', attempt = 1, due_at = $2, lease_owner = NULL, lease_until = NULL " +
                "WHERE instance_id = $1 AND status = 'Failed'", instanceId, now));
            StepWriter.JournalOnly(batch, locked.Instance, $"incident:{incidentId}:retry", $"incident on step {step} retried by an operator", actor, "", now);
            await batch.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }
}

/// <summary>An operator's action on an incident that its state or its instance's no longer allows.</summary>
public sealed class IncidentActionRefusedException(Guid incidentId, string message) : Exception(message)
{
    public Guid IncidentId { get; } = incidentId;
}
