namespace Services.Workflows.Dossiers;

/// <summary>Every registered service, by key and by workflow name.</summary>
public sealed class ServiceDefinitions
{
    private readonly Dictionary<string, ServiceDefinition> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ServiceDefinition> _byWorkflow = new(StringComparer.Ordinal);

    public ServiceDefinitions(IEnumerable<ServiceDefinition> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        foreach (var service in services)
        {
            if (!_byKey.TryAdd(service.Key, service) || !_byWorkflow.TryAdd(service.Workflow.Name, service))
            {
                throw new InvalidOperationException($"Two services share the key '{service.Key}' or the workflow '{service.Workflow.Name}'.");
            }
        }
    }

    public IReadOnlyCollection<ServiceDefinition> All => _byKey.Values;

    public ServiceDefinition Get(string key) =>
        _byKey.TryGetValue(key, out var service) ? service : throw new InvalidOperationException($"No service '{key}' is registered.");

    public ServiceDefinition? ForWorkflow(string workflowName) => _byWorkflow.GetValueOrDefault(workflowName);
}
