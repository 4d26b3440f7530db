using Services.Data.Identity;

namespace Services.Workflows.Runtime;

/// <summary>Who caused a change: recorded on every journal entry. Background work acts as <see cref="System"/>.</summary>
public sealed record Actor(Guid? UserId, PortalRole? Role, Guid? UnitId, string? Ip, string DisplayName)
{
    public static Actor System(string what) => new(null, null, null, null, $"system:{what}");
}
