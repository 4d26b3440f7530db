using Services.Data.Workflows;

namespace Services.Workflows.Runtime;

/// <summary>
/// Runs automated steps (on their <see cref="TimerKind.RunAutomated"/> timer). A step that throws, or answers with an
/// event it has no transition for, or whose transition cannot be written, throws out of the firing transaction: the
/// <see cref="TimerWorker"/> rolls everything back and retries the timer with backoff, then parks the instance as one
/// incident.
/// </summary>
public sealed class AutomatedSteps(WorkflowRuntime runtime, IServiceProvider services)
{
    /// <summary>Runs the step the instance waits in; false when the instance no longer waits in <paramref name="timer"/>'s step.</summary>
    internal async Task<bool> RunAsync(LockedInstance locked, DueTimer timer, CancellationToken cancellationToken)
    {
        var instance = locked.Instance;
        if (instance.Status != WorkflowStatus.Running || instance.CurrentStep != timer.Step)
        {
            return false;
        }

        var step = runtime.Registry.Get(instance.DefinitionName, instance.Version).Step(instance.CurrentStep);
        var state = instance.State.DeepClone().AsObject();
        var eventName = await step.Action!(new AutomatedStepContext(instance.Id, instance.Correlation, instance.UnitId, state, timer.Attempt, services),
            cancellationToken);
        if (step.On(eventName) is null)
        {
            throw new InvalidOperationException($"Step {step.Name} returned '{eventName}', which has no transition.");
        }

        await runtime.ApplyAsync(locked, new WorkflowEvent($"auto:{timer.Id}", eventName), Actor.System("automated"), state, cancellationToken);
        return true;
    }
}
