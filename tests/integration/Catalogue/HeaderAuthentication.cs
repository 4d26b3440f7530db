using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Services.Web.Security;

namespace Services.Tests.Integration.Catalogue;

/// <summary>
/// Test-only sign-in: a request carrying <c>X-Test-Membership: {unitId:N}:{role}</c> is a user with that membership
/// who signed in with a second factor. The account pages (and their two-factor set-up) are built elsewhere; this
/// stands in for them so the admin pages' own authorisation and behaviour can be tested.
/// </summary>
public sealed class HeaderAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "TestHeader";
    public const string Header = "X-Test-Membership";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var value) || string.IsNullOrEmpty(value))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var identity = new ClaimsIdentity(
            [
                // The same membership is the same user on every request, as antiforgery tokens are bound to the user.
                new Claim(ClaimTypes.NameIdentifier, new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(value.ToString()))[..16]).ToString()),
                new Claim(ClaimTypes.Name, "admin@test.edu.vn"),
                new Claim(PortalClaims.Membership, value.ToString()),
                new Claim("amr", "mfa"),
            ],
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
