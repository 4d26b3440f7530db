using System.Security.Claims;
using Services.Data.Identity;
using Services.Web.Security;

namespace Services.Tests.Unit.Security;

public sealed class PortalClaimsTests
{
    private static readonly Guid SchoolA = Guid.NewGuid();
    private static readonly Guid SchoolB = Guid.NewGuid();

    private static ClaimsPrincipal UserWith(params (Guid Unit, PortalRole Role)[] memberships) =>
        new(new ClaimsIdentity(memberships.Select(m => new Claim(PortalClaims.Membership, PortalClaims.MembershipValue(m.Unit, m.Role))), "test"));

    [Fact]
    public void StaffOfOneSchoolHasNoRoleInAnother()
    {
        var user = UserWith((SchoolA, PortalRole.Staff));
        Assert.True(user.HasRoleIn(SchoolA, [PortalRole.Staff]));
        Assert.False(user.HasRoleIn(SchoolB, [PortalRole.Staff]));
    }

    [Fact]
    public void ARoleInAUnitDoesNotGrantADifferentRoleThere()
    {
        var user = UserWith((SchoolA, PortalRole.Editor));
        Assert.False(user.HasRoleIn(SchoolA, [PortalRole.Staff, PortalRole.UnitAdmin]));
    }

    [Fact]
    public void SystemAdminHasEveryRoleEverywhere()
    {
        var user = UserWith((SchoolA, PortalRole.SystemAdmin));
        Assert.True(user.HasRoleIn(SchoolB, [PortalRole.Auditor]));
    }

    [Fact]
    public void CitizensNeedNoSecondFactorButEveryOtherRoleDoes()
    {
        Assert.False(UserWith().NeedsTwoFactor());
        Assert.True(UserWith((SchoolA, PortalRole.Editor)).NeedsTwoFactor());
    }

    [Fact]
    public void MalformedMembershipClaimsAreIgnored()
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(PortalClaims.Membership, "not-a-guid:Staff"), new Claim(PortalClaims.Membership, $"{SchoolA:N}:Janitor")], "test"));
        Assert.Empty(user.Memberships());
    }
}
