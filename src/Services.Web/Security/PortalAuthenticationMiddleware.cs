using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features.Authentication;
using Services.Web.ImportApi;

namespace Services.Web.Security;

public static class PortalAuthenticationSetup
{
    /// <summary>
    /// The key <c>UseAuthentication()</c> leaves in the application's properties. Without it, <c>WebApplication</c> adds
    /// ASP.NET Core's own authentication middleware at the head of the pipeline by itself (it does so whenever
    /// authentication is registered and the app has not called <c>UseAuthentication()</c>), and every request would be
    /// offered to OpenIddict and authenticated twice (ADR 0041, amended).
    /// </summary>
    internal const string AuthenticationSetKey = "__AuthenticationMiddlewareSet";

    public static IApplicationBuilder UsePortalAuthentication(this IApplicationBuilder app)
    {
        app.Properties[AuthenticationSetKey] = true;
        return app.UseMiddleware<PortalAuthenticationMiddleware>();
    }
}

/// <summary>
/// Who is asking (ADR 0041). The import API and its token endpoint go through ASP.NET Core's authentication middleware
/// unchanged, which first offers each request to the schemes that handle requests themselves (OpenIddict's token server
/// and token validation). Every other request — the pages people use — is not theirs to handle: it is authenticated by
/// the default scheme (the sign-in cookie) alone, exactly as that middleware does after those schemes decline.
/// </summary>
internal sealed class PortalAuthenticationMiddleware(RequestDelegate next, IAuthenticationSchemeProvider schemes)
{
    private readonly AuthenticationMiddleware _withRequestHandlers = new(next, schemes);

    public async Task InvokeAsync(HttpContext context)
    {
        if (ImportApiSetup.IsApi(context))
        {
            await _withRequestHandlers.Invoke(context);
            return;
        }

        context.Features.Set<IAuthenticationFeature>(new AuthenticationFeature
        {
            OriginalPath = context.Request.Path,
            OriginalPathBase = context.Request.PathBase,
        });
        if (await schemes.GetDefaultAuthenticateSchemeAsync() is { } scheme)
        {
            var result = await context.AuthenticateAsync(scheme.Name);
            if (result.Principal is not null)
            {
                context.User = result.Principal;
            }

            if (result.Succeeded)
            {
                var authenticated = new Authenticated(result);
                context.Features.Set<IHttpAuthenticationFeature>(authenticated);
                context.Features.Set<IAuthenticateResultFeature>(authenticated);
            }
        }

        await next(context);
    }

    /// <summary>The request's authentication result, and its user as long as nobody replaces it.</summary>
    private sealed class Authenticated(AuthenticateResult result) : IAuthenticateResultFeature, IHttpAuthenticationFeature
    {
        private AuthenticateResult? _result = result;
        private ClaimsPrincipal? _user = result.Principal;

        public AuthenticateResult? AuthenticateResult
        {
            get => _result;
            set
            {
                _result = value;
                _user = value?.Principal;
            }
        }

        public ClaimsPrincipal? User
        {
            get => _user;
            set
            {
                _user = value;
                _result = null;
            }
        }
    }
}
