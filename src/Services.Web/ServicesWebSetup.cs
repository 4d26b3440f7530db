using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Npgsql;
using Services.Data;
using Services.Data.Identity;
using Services.Web.Catalogue;
using Services.Web.Endpoints;
using Services.Web.Localization;
using Services.Web.Observability;
using Services.Web.Pages.Account;
using Services.Web.Security;
using Services.Web.Units;

namespace Services.Web;

public static class ServicesWebSetup
{
    public static IServiceCollection AddServicesWeb(this IServiceCollection services, IConfiguration configuration, IWebHostEnvironment environment)
    {
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        // Vietnamese text is written as-is rather than as &#x...; entities: a third of the bytes, and readable source.
        services.AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddRazorPages(o =>
            {
                o.Conventions.AuthorizeFolder("/Staff", PortalPolicies.UnitStaff);
                o.Conventions.AuthorizeFolder("/Workplace", PortalPolicies.AnyUnitRole);
                o.Conventions.AuthorizeFolder("/Admin", PortalPolicies.UnitAdmin);
                o.Conventions.AuthorizeFolder("/Audit", PortalPolicies.UnitAuditor);
                o.Conventions.AuthorizeFolder("/Account/Manage", PortalPolicies.SignedIn);
                // The operations console: the whole city at /quan-tri/van-hanh (system admins), one unit at this route.
                o.Conventions.AddPageRoute("/Admin/Operations/Index", "quan-tri/{unit}/van-hanh");
                o.Conventions.ConfigureFilter(new Microsoft.AspNetCore.Mvc.AutoValidateAntiforgeryTokenAttribute());
            })
            .AddMvcOptions(o => o.Filters.Add<UnitResolutionFilter>());

        services.AddSingleton<UnitDirectory>();
        services.AddSingleton<PublicLinks>();
        services.AddHttpContextAccessor();
        services.AddScoped<UnreadNotifications>();
        services.AddHostedService<UnitDirectoryWarmUp>();
        services.AddScoped<CurrentUnit>();
        services.AddScoped<Setup.DemoCitySeed>();
        services.AddScoped<Setup.OnlineFormSeed>();
        services.AddScoped<Setup.CatalogueSeed>();
        services.AddScoped<ProcedureCatalogue>();
        services.AddScoped<UnitResolutionFilter>();

        services.AddIdentityCore<PortalUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedEmail = true;
                o.Password.RequiredLength = 8;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Tokens.AuthenticatorIssuer = "ServicesPortal";
            })
            .AddSignInManager()
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<LocalizedIdentityErrors>()
            .AddClaimsPrincipalFactory<PortalClaimsFactory>();
        services.AddScoped<AccountMail>();

        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/tai-khoan/dang-nhap";
            o.LogoutPath = "/tai-khoan/dang-xuat";
            o.AccessDeniedPath = "/tai-khoan/tu-choi-truy-cap";
            o.Cookie.Name = "portal.auth";
            o.Cookie.Path = "/"; // one cookie for /… and /en/…, whatever the PathBase
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToAccessDenied = ctx =>
            {
                // A refusal is a 403 with a page, not a redirect to a page that says 200.
                ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        foreach (var scheme in new[] { IdentityConstants.TwoFactorUserIdScheme, IdentityConstants.TwoFactorRememberMeScheme, IdentityConstants.ExternalScheme })
        {
            services.Configure<CookieAuthenticationOptions>(scheme, o => o.Cookie.Path = "/");
        }

        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "portal.af";
            o.Cookie.Path = "/";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        services.AddAuthorization(PortalPolicies.Add);
        services.AddRateLimiter(o => PortalRateLimits.Add(o, configuration));
        services.AddSingleton<IAuthorizationHandler, UnitAuthorizationHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, TwoFactorSetupRedirect>();

        services.AddDataProtection().SetApplicationName("ServicesPortal");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DatabaseXmlRepository(
                sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<TimeProvider>())));

        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        services.AddPortalMetrics(configuration);

        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            foreach (var proxy in configuration.GetSection("Portal:TrustedProxies").Get<string[]>() ?? [])
            {
                o.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }
        });
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        return services;
    }

    public static WebApplication UseServicesWeb(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UsePortalMetrics();
        app.UseMiddleware<RequestLoggingMiddleware>();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseExceptionHandler("/loi/500");
        app.UseWhen(ctx => ctx.Request.IsHttps, https => https.UseHsts());
        if (app.Configuration.GetValue<bool>("Portal:RequireHttps"))
        {
            app.UseHttpsRedirection();
        }

        app.UseMiddleware<CulturePathMiddleware>();
        app.UseStatusCodePagesWithReExecute("/loi/{0}");
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapHealthChecks("/healthz", new() { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new() { Predicate = c => c.Tags.Contains("ready") });
        app.MapRazorPages();
        app.MapCatalogueEndpoints();
        return app;
    }
}
