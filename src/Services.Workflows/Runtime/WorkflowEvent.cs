using System.Text.Json.Nodes;

namespace Services.Workflows.Runtime;

/// <summary>
/// Something that happened to an instance. <see cref="Id"/> identifies the delivery: the same id applied twice changes
/// nothing the second time. Top-level properties of <see cref="Payload"/> are merged into the instance state (an event
/// that ends a parallel branch keeps them under <c>state[parallel][branch]</c> instead).
/// </summary>
/// <param name="Step">The step the event is addressed to (a task's or a timer's step): inside a parallel step it picks
/// the branch; elsewhere an event addressed to another step than the current one does not apply. Null: the current step,
/// or the one active branch that takes the event.</param>
public sealed record WorkflowEvent(string Id, string Name, JsonObject? Payload = null, string? Step = null);
