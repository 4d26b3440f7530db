namespace Services.Workflows.Runtime;

/// <summary>
/// A code-first workflow: one class per service, holding every version it has had. Instances stay on the version they
/// started on; new instances take the latest. A version may declare how the steps of the previous version map onto
/// its own, which <see cref="WorkflowRuntime.MigrateAsync"/> uses to move running instances without restarting them.
/// </summary>
public abstract class WorkflowDefinition
{
    /// <summary>Stable name stored on every instance (kebab-case, e.g. <c>leave-of-absence</c>).</summary>
    public abstract string Name { get; }

    /// <summary>Adds each version, oldest first: <c>versions.Add(1, Version1); versions.Add(2, Version2, map)</c>.</summary>
    protected abstract void DefineVersions(WorkflowVersions versions);

    internal IReadOnlyList<WorkflowBlueprint> BuildBlueprints()
    {
        var versions = new WorkflowVersions(Name);
        DefineVersions(versions);
        if (versions.Blueprints.Count == 0)
        {
            throw new InvalidOperationException($"Workflow {Name} defines no version.");
        }

        return versions.Blueprints;
    }
}

public sealed class WorkflowVersions(string name)
{
    internal List<WorkflowBlueprint> Blueprints { get; } = [];

    /// <param name="version">Strictly increasing, starting anywhere.</param>
    /// <param name="build">Declares the steps; the first step declared is where instances start.</param>
    /// <param name="stepsFromPrevious">Old step name → new step name; steps that keep their name need no entry.</param>
    /// <param name="stateFromPrevious">Rewrites a migrating instance's state for this version (e.g. a renamed key), before
    /// the mapped step is entered.</param>
    public WorkflowVersions Add(int version, Action<WorkflowBuilder> build, IReadOnlyDictionary<string, string>? stepsFromPrevious = null,
        Action<System.Text.Json.Nodes.JsonObject>? stateFromPrevious = null)
    {
        ArgumentNullException.ThrowIfNull(build);
        if (Blueprints.Count > 0 && Blueprints[^1].Version >= version)
        {
            throw new InvalidOperationException($"Workflow {name}: version {version} must be greater than {Blueprints[^1].Version}.");
        }

        var builder = new WorkflowBuilder();
        build(builder);
        Blueprints.Add(builder.Build(name, version, stepsFromPrevious ?? new Dictionary<string, string>(), stateFromPrevious));
        return this;
    }
}
