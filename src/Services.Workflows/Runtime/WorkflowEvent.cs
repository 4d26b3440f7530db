using System.Text.Json.Nodes;

namespace Services.Workflows.Runtime;

/// <summary>
/// Something that happened to an instance. <see cref="Id"/> identifies the delivery: the same id applied twice changes
/// nothing the second time. Top-level properties of <see cref="Payload"/> are merged into the instance state.
/// </summary>
public sealed record WorkflowEvent(string Id, string Name, JsonObject? Payload = null);
