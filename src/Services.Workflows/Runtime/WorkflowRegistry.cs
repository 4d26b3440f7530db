namespace Services.Workflows.Runtime;

/// <summary>Every registered definition, by name and version. Built once from the definitions added in DI.</summary>
public sealed class WorkflowRegistry
{
    private readonly Dictionary<string, IReadOnlyList<WorkflowBlueprint>> _byName = new(StringComparer.Ordinal);

    public WorkflowRegistry(IEnumerable<WorkflowDefinition> definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        foreach (var definition in definitions)
        {
            if (!_byName.TryAdd(definition.Name, definition.BuildBlueprints()))
            {
                throw new InvalidOperationException($"Two workflow definitions are named '{definition.Name}'.");
            }
        }
    }

    public IEnumerable<string> Names => _byName.Keys;

    /// <summary>The version new instances start on.</summary>
    public WorkflowBlueprint Latest(string name) => Versions(name)[^1];

    /// <summary>The version an existing instance is pinned to.</summary>
    public WorkflowBlueprint Get(string name, int version) =>
        Versions(name).FirstOrDefault(b => b.Version == version)
        ?? throw new InvalidOperationException($"Workflow {name} has no version {version} (instances pinned to a removed version need a migration first).");

    public IReadOnlyList<WorkflowBlueprint> Versions(string name) =>
        _byName.TryGetValue(name, out var versions) ? versions : throw new InvalidOperationException($"No workflow named '{name}' is registered.");

    /// <summary>
    /// Where an instance waiting in <paramref name="step"/> of version <paramref name="fromVersion"/> continues in
    /// <paramref name="toVersion"/>: each intermediate version's map is applied in turn; a step that keeps its name
    /// maps onto itself. Throws if a step has nowhere to go, so no instance is silently restarted.
    /// </summary>
    public string MapStep(string name, int fromVersion, int toVersion, string step)
    {
        if (toVersion < fromVersion)
        {
            throw new InvalidOperationException($"Workflow {name}: cannot migrate backwards from v{fromVersion} to v{toVersion}.");
        }

        foreach (var blueprint in Versions(name).Where(b => b.Version > fromVersion && b.Version <= toVersion))
        {
            if (blueprint.StepsFromPrevious.TryGetValue(step, out var mapped))
            {
                step = mapped;
            }
            else if (!blueprint.HasStep(step))
            {
                throw new InvalidOperationException($"Workflow {name} v{blueprint.Version} has no step '{step}' and its migration does not map it.");
            }
        }

        Get(name, toVersion).Step(step);
        return step;
    }

    /// <summary>Applies each intermediate version's state rewrite, in order, to <paramref name="state"/>.</summary>
    public void MigrateState(string name, int fromVersion, int toVersion, System.Text.Json.Nodes.JsonObject state)
    {
        foreach (var blueprint in Versions(name).Where(b => b.Version > fromVersion && b.Version <= toVersion))
        {
            blueprint.StateFromPrevious?.Invoke(state);
        }
    }
}
