using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Services.Data;
using Services.Data.Identity;

namespace Services.Web.Security;

/// <summary>Adds the user's unit memberships to the sign-in cookie, so authorization needs no query per request.</summary>
internal sealed class PortalClaimsFactory(UserManager<PortalUser> users, IOptions<IdentityOptions> options, PortalDbContext db)
    : UserClaimsPrincipalFactory<PortalUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PortalUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(PortalClaims.FullName, user.FullName));
        var memberships = await db.UnitMemberships.AsNoTracking().Where(m => m.UserId == user.Id).Select(m => new { m.UnitId, m.Role }).ToListAsync();
        foreach (var m in memberships)
        {
            identity.AddClaim(new Claim(PortalClaims.Membership, PortalClaims.MembershipValue(m.UnitId, m.Role)));
        }

        return identity;
    }
}
