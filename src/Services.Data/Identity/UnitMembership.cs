using Services.Data.Units;

namespace Services.Data.Identity;

/// <summary>One role a user holds in one unit. Rights never carry over to sibling units.</summary>
public sealed class UnitMembership
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public Guid UnitId { get; set; }
    public Unit? Unit { get; set; }
    public PortalRole Role { get; set; }
    public DateTimeOffset GrantedAt { get; set; }
}
