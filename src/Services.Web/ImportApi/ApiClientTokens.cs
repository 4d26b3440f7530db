using System.Security.Claims;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Services.Web.ImportApi;

/// <summary>
/// The token endpoint's two steps for the client-credentials grant (OpenIddict in degraded mode: the clients are our
/// own <c>api_clients</c> rows, ADR 0022). Validation refuses an unknown, deactivated or wrongly authenticated client
/// and a scope the client does not hold; handling issues an access token whose subject is the <c>client_id</c> and
/// whose scopes are those asked for (all of the client's when none are asked). OAuth error descriptions are ASCII
/// (RFC 6749 §5.2, and invalid_client also goes into the WWW-Authenticate header): Vietnamese without diacritics.
/// </summary>
public sealed class ApiClientTokens(ApiClientRegistry registry) :
    IOpenIddictServerHandler<ValidateTokenRequestContext>, IOpenIddictServerHandler<HandleTokenRequestContext>
{
    public async ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.IsClientCredentialsGrantType())
        {
            context.Reject(Errors.UnsupportedGrantType, "Chi ho tro client_credentials.");
            return;
        }

        if (await registry.AuthenticateAsync(context.ClientId, context.ClientSecret, context.CancellationToken) is not { } client)
        {
            context.Reject(Errors.InvalidClient, "Thong tin xac thuc cua ung dung khong hop le hoac ung dung da bi vo hieu hoa.");
            return;
        }

        if (context.Request.GetScopes().Except(client.Scopes, StringComparer.Ordinal).Any())
        {
            context.Reject(Errors.InvalidScope, "Ung dung khong duoc cap pham vi nay.");
        }
    }

    public async ValueTask HandleAsync(HandleTokenRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var client = await registry.FindActiveAsync(context.Request.ClientId, context.CancellationToken);
        if (client is null)
        {
            context.Reject(Errors.InvalidClient, "Ung dung da bi vo hieu hoa.");
            return;
        }

        var asked = context.Request.GetScopes();
        var identity = new ClaimsIdentity(authenticationType: "import-api", nameType: Claims.Name, roleType: Claims.Role);
        identity.SetClaim(Claims.Subject, client.ClientId);
        identity.SetClaim(Claims.Name, client.Name);
        identity.SetScopes(asked.IsEmpty ? client.Scopes : asked);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        context.SignIn(new ClaimsPrincipal(identity));
    }
}
