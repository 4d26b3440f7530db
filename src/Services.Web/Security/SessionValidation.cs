using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Services.Data.Identity;

namespace Services.Web.Security;

/// <summary>
/// Sessions are checked against the database on every request (S7): the cookie's security stamp must still be the
/// user's, so sign-out, a password change or reset and a new authenticator key end every session of that user at
/// once, and the claims (unit memberships) are rebuilt, so a removed role is gone on the next request. Staff sessions
/// also end after <see cref="StaffIdleLimit"/> without a request.
/// </summary>
public static class SessionValidation
{
    public static readonly TimeSpan StaffIdleLimit = TimeSpan.FromMinutes(30);

    public static void Configure(SecurityStampValidatorOptions options)
    {
        options.ValidationInterval = TimeSpan.Zero;
        // The rebuilt principal comes from the database, which does not know how the user signed in: keep "amr=mfa".
        options.OnRefreshingPrincipal = context =>
        {
            var identity = context.NewPrincipal?.Identities.FirstOrDefault();
            if (identity is not null && context.CurrentPrincipal is { } current)
            {
                foreach (var amr in current.FindAll("amr").Where(c => !identity.HasClaim("amr", c.Value)))
                {
                    identity.AddClaim(new Claim("amr", amr.Value));
                }
            }

            return Task.CompletedTask;
        };
    }

    /// <summary>Runs before Identity's stamp check: a staff cookie left alone too long is refused outright.</summary>
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var clock = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        var lastSeen = context.Properties.IssuedUtc;
        if (context.Principal?.NeedsTwoFactor() == true && lastSeen is { } seen && clock.GetUtcNow() - seen > StaffIdleLimit)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }

        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }

    /// <summary>Signs the user out here and everywhere else: the new stamp invalidates every cookie issued before.</summary>
    public static async Task EndEverySessionAsync(this SignInManager<PortalUser> signIn, ClaimsPrincipal principal)
    {
        if (await signIn.UserManager.GetUserAsync(principal) is { } user)
        {
            await signIn.UserManager.UpdateSecurityStampAsync(user);
        }

        await signIn.SignOutAsync();
    }
}
