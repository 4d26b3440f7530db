using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using OpenIddict.Validation.AspNetCore;
using Services.Web.Security;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Services.Web.ImportApi;

/// <summary>
/// The import API for other systems (issue 12, ADR 0022): an OAuth 2.0 token endpoint for registered machine clients
/// (client credentials only), bearer-token validation on <c>/api</c> routes only — the staff and citizen pages keep
/// their cookie — and the endpoints under <c>/api/v1</c>.
/// </summary>
public static class ImportApiSetup
{
    public const string Policy = "ImportApi";
    public const string TokenPath = "/connect/token";
    public const string SigningCertificateSetting = "Portal:ImportApi:SigningCertificatePath";
    public const string EncryptionCertificateSetting = "Portal:ImportApi:EncryptionCertificatePath";

    public static IServiceCollection AddImportApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ApiClientRegistry>();
        var signing = KeyRingCertificate.LoadOrGenerate(configuration, SigningCertificateSetting, "import-api-signing.pfx",
            "CN=ServicesPortal import API signing (local)", X509KeyUsageFlags.DigitalSignature);
        var encryption = KeyRingCertificate.LoadOrGenerate(configuration, EncryptionCertificateSetting, "import-api-encryption.pfx",
            "CN=ServicesPortal import API encryption (local)", X509KeyUsageFlags.KeyEncipherment);
        var httpsOnly = PublicLinks.IsHttpsConfigured(configuration);
        services.AddOpenIddict()
            .AddServer(o =>
            {
                o.SetTokenEndpointUris(TokenPath.TrimStart('/'));
                o.AllowClientCredentialsFlow();
                o.RegisterScopes([.. ImportScopes.All]);
                // Our own client table instead of OpenIddict's stores: no application, authorization or token rows.
                o.EnableDegradedMode();
                o.DisableTokenStorage();
                o.DisableAuthorizationStorage();
                o.SetAccessTokenLifetime(TimeSpan.FromMinutes(30));
                o.AddSigningCertificate(signing);
                o.AddEncryptionCertificate(encryption);
                o.AddEventHandler<ValidateTokenRequestContext>(b => b.UseScopedHandler<ApiClientTokens>());
                o.AddEventHandler<HandleTokenRequestContext>(b => b.UseScopedHandler<ApiClientTokens>());
                var aspNetCore = o.UseAspNetCore();
                if (!httpsOnly)
                {
                    // Only where the public address itself is plain http (local run, tests); behind TLS the endpoint needs https.
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            })
            .AddValidation(o =>
            {
                o.UseLocalServer();
                o.UseAspNetCore();
            });
        // Tokens name the public address as their issuer, whichever node or host name issued them.
        services.AddOptions<OpenIddictServerOptions>().Configure<PublicLinks>((o, links) => o.Issuer = new Uri(links.Origin, "/"));
        services.AddOpenApi("v1", ImportApiDocument.Configure);
        services.AddAuthorization(o => o.AddPolicy(Policy, p => p
            .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()));
        return services;
    }

    /// <summary>
    /// Machine clients read JSON, not the error pages: below this point <c>/api</c> and the token endpoint are left
    /// out of the status-code pages, and a bare refusal gets a problem document in Vietnamese.
    /// </summary>
    public static IApplicationBuilder UseImportApiResponses(this IApplicationBuilder app) =>
        app.UseWhen(IsApi, api => api.Use(async (context, next) =>
        {
            if (context.Features.Get<IStatusCodePagesFeature>() is { } pages)
            {
                pages.Enabled = false;
            }

            await next(context);
            if (!context.Response.HasStarted && context.Response.ContentLength is null && context.Response.ContentType is null
                && context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
                && ImportApiProblems.Bare(context.Response.StatusCode) is { } title)
            {
                await Results.Problem(statusCode: context.Response.StatusCode, title: title).ExecuteAsync(context);
            }
        }));

    /// <summary>The import API and its token endpoint: machine clients, authenticated by OpenIddict.</summary>
    internal static bool IsApi(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || context.Request.Path.StartsWithSegments(TokenPath, StringComparison.OrdinalIgnoreCase);
}
