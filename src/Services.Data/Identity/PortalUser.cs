using Microsoft.AspNetCore.Identity;

namespace Services.Data.Identity;

public sealed class PortalUser : IdentityUser<Guid>
{
    public string FullName { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public List<UnitMembership> Memberships { get; } = [];
}
