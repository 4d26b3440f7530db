using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Services.Data.Workflows;

namespace Services.Workflows.Runtime;

/// <summary>
/// Runs automated steps (on their <see cref="TimerKind.RunAutomated"/> timer). A step that throws is retried with
/// exponential backoff through a new timer; after the last attempt the instance is parked as an incident.
/// </summary>
public sealed class AutomatedSteps(WorkflowRuntime runtime, IServiceProvider services, IOptions<WorkflowOptions> options, TimeProvider clock,
    ILogger<AutomatedSteps> logger)
{
    private readonly WorkflowOptions _options = options.Value;

    internal async Task RunAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DueTimer timer, CancellationToken cancellationToken)
    {
        var instance = await InstanceSnapshot.LockAsync(connection, transaction, timer.InstanceId, cancellationToken);
        if (instance.Status != WorkflowStatus.Running || instance.CurrentStep != timer.Step)
        {
            return;
        }

        var step = runtime.Registry.Get(instance.DefinitionName, instance.Version).Step(instance.CurrentStep);
        var state = instance.State.DeepClone().AsObject();
        string eventName;
        try
        {
            eventName = await step.Action!(new AutomatedStepContext(instance.Id, instance.Correlation, instance.UnitId, state, timer.Attempt, services), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await FailedAsync(connection, transaction, instance, timer, e, cancellationToken);
            return;
        }

        if (step.On(eventName) is null)
        {
            // A step that answers with an event it has no transition for would leave the instance stuck: treat it as a failure.
            await FailedAsync(connection, transaction, instance, timer,
                new InvalidOperationException($"Step {step.Name} returned '{eventName}', which has no transition."), cancellationToken);
            return;
        }

        await runtime.ApplyAsync(connection, transaction, instance.Id, new WorkflowEvent($"auto:{timer.Id}", eventName), Actor.System("automated"), null, state,
            cancellationToken);
    }

    private async Task FailedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, InstanceSnapshot instance, DueTimer timer, Exception error,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var message = StepWriter.Truncate($"{error.GetType().Name}: {error.Message}", 4000);
        await using var batch = new NpgsqlBatch(connection, transaction);
        if (timer.Attempt < _options.AutomatedStepMaxAttempts)
        {
            var delay = _options.AutomatedRetryBase * Math.Pow(2, timer.Attempt - 1);
            logger.LogWarning(error, "Automated step {Step} of {InstanceId} failed (attempt {Attempt}); retrying in {Delay}", timer.Step, instance.Id, timer.Attempt, delay);
            StepWriter.AddTimer(batch, instance.Id, TimerKind.RunAutomated, timer.Step, null, null, now + delay, timer.Attempt + 1, now);
            StepWriter.JournalOnly(batch, instance, $"auto:{timer.Id}:failed", StepWriter.Truncate($"step {timer.Step} attempt {timer.Attempt} failed: {message}", 200),
                Actor.System("automated"), message, now);
        }
        else
        {
            logger.LogError(error, "Automated step {Step} of {InstanceId} failed {Attempt} times; parked as an incident", timer.Step, instance.Id, timer.Attempt);
            batch.BatchCommands.Add(Sql.Command(
                "INSERT INTO workflow_incidents (id, instance_id, step, error, attempts, status, created_at) VALUES ($1, $2, $3, $4, $5, 'Open', $6)",
                Guid.CreateVersion7(now), instance.Id, timer.Step, message, timer.Attempt, now));
            batch.BatchCommands.Add(Sql.Command(
                "UPDATE workflow_instances SET status = 'Incident', row_version = row_version + 1, updated_at = $2 WHERE id = $1", instance.Id, now));
            StepWriter.JournalOnly(batch, instance, $"auto:{timer.Id}:incident", StepWriter.Truncate($"step {timer.Step} parked as an incident: {message}", 200),
                Actor.System("automated"), message, now);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
