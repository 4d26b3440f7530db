using Services.Data.Identity;

namespace Services.Workflows.Runtime;

/// <summary>Who caused a change: recorded on every journal entry. Background work acts as <see cref="System"/>.</summary>
public sealed record Actor(Guid? UserId, PortalRole? Role, Guid? UnitId, string? Ip, string DisplayName)
{
    public static Actor System(string what) => new(null, null, null, null, $"system:{what}");
}

/// <summary>
/// Something that happened to an instance. <see cref="Id"/> identifies the delivery: the same id applied twice changes
/// nothing the second time. Top-level properties of <see cref="Payload"/> are merged into the instance state.
/// </summary>
public sealed record WorkflowEvent(string Id, string Name, System.Text.Json.Nodes.JsonObject? Payload = null);
