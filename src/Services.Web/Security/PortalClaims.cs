using System.Security.Claims;
using Services.Data.Identity;

namespace Services.Web.Security;

/// <summary>The claims the portal puts on a signed-in user, and how to read them.</summary>
public static class PortalClaims
{
    /// <summary>One claim per membership, value <c>{unitId:N}:{role}</c>.</summary>
    public const string Membership = "portal:membership";

    public const string FullName = "portal:name";

    public static string MembershipValue(Guid unitId, PortalRole role) => $"{unitId:N}:{role}";

    public static IEnumerable<(Guid UnitId, PortalRole Role)> Memberships(this ClaimsPrincipal user)
    {
        foreach (var claim in user.FindAll(Membership))
        {
            var parts = claim.Value.Split(':');
            if (parts.Length == 2 && Guid.TryParseExact(parts[0], "N", out var unitId) && Enum.TryParse<PortalRole>(parts[1], out var role))
            {
                yield return (unitId, role);
            }
        }
    }

    public static bool IsSystemAdmin(this ClaimsPrincipal user) => user.Memberships().Any(m => m.Role == PortalRole.SystemAdmin);

    /// <summary>True when the user holds one of <paramref name="roles"/> in exactly this unit, or is a system admin.</summary>
    public static bool HasRoleIn(this ClaimsPrincipal user, Guid unitId, IReadOnlyCollection<PortalRole> roles) =>
        user.Memberships().Any(m => m.Role == PortalRole.SystemAdmin || (m.UnitId == unitId && roles.Contains(m.Role)));

    /// <summary>Every role other than Citizen needs two-factor authentication.</summary>
    public static bool NeedsTwoFactor(this ClaimsPrincipal user) => user.Memberships().Any();

    public static bool SignedInWithTwoFactor(this ClaimsPrincipal user) => user.HasClaim("amr", "mfa");

    public static Guid? UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
