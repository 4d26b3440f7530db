using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Npgsql;
using Services.Data;
using Services.Data.Identity;
using Services.Web.Catalogue;
using Services.Web.Endpoints;
using Services.Web.ImportApi;
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
                o.Conventions.Add(new ServiceFolderAuthorization());
                // Accounts and units of the whole city: system administrators only.
                o.Conventions.AuthorizeFolder("/Admin/Accounts", PortalPolicies.SystemAdmin);
                o.Conventions.AuthorizeFolder("/Admin/Units", PortalPolicies.SystemAdmin);
                o.Conventions.AuthorizeFolder("/Account/Manage", PortalPolicies.SignedIn);
                // The operations console: the whole city at /quan-tri/van-hanh (system admins), one unit at this route.
                o.Conventions.AddPageRoute("/Admin/Operations/Index", "quan-tri/{unit}/van-hanh");
                o.Conventions.ConfigureFilter(new Microsoft.AspNetCore.Mvc.AutoValidateAntiforgeryTokenAttribute());
                // Limits on the citizen pages that create drafts, send resume mails and take uploads (findings 8, ADR 0009).
                o.Conventions.AddPageApplicationModelConvention("/GenericForms/Start", m => m.Filters.Add(new ThrottledAttribute("draft-client")));
                o.Conventions.AddPageApplicationModelConvention("/GenericForms/Step", m =>
                {
                    m.Filters.Add(new ThrottledAttribute("resume-mail-client") { Handler = "Save" });
                    m.Filters.Add(new ThrottledAttribute("upload-client") { OnlyWithFiles = true });
                });
                o.Conventions.AddPageApplicationModelConvention("/Portal/Tracking/Lookup", m =>
                    m.Filters.Add(new ThrottledAttribute("upload-client") { OnlyWithFiles = true }));
            })
            .AddMvcOptions(o =>
            {
                o.Filters.Add<UnitResolutionFilter>();
                o.Filters.Add<NoStoreFilter>();
            });

        services.AddSingleton<UnitDirectory>();
        services.AddSingleton<PublicLinks>();
        services.AddSingleton<VerificationTokens>();
        services.AddHttpContextAccessor();
        services.AddScoped<UnreadNotifications>();
        services.AddHostedService<UnitDirectoryWarmUp>();
        services.AddScoped<CurrentUnit>();
        services.AddScoped<Dossiers.DossierReceipts>();
        services.AddScoped<Dossiers.AccountPrefill>();
        services.AddScoped<JournaledChanges>();
        services.AddScoped<StaffInvitations>();
        services.AddScoped<Pages.Workplace.WorkplaceNavigation>();
        services.AddScoped<Setup.DemoCitySeed>();
        services.AddScoped<Setup.OnlineFormSeed>();
        services.AddScoped<Setup.CatalogueSeed>();
        services.AddScoped<Content.PublishedContent>(); // content
        services.AddScoped<Content.UnitYearbook>(); // content: the statistics yearbook
        // content: each unit's parent feed, fetched on a timer (also from another host) and cached in PostgreSQL.
        services.AddOptions<Content.ParentFeedOptions>().Bind(configuration.GetSection("ParentFeeds"));
        services.AddHttpClient(Content.ParentFeeds.HttpClientName, client => client.DefaultRequestHeaders.UserAgent.ParseAdd("ServicesPortal-Feeds/1.0"));
        services.AddScoped<Content.ParentFeeds>();
        services.AddHostedService<Content.ParentFeedRefresh>();
        services.AddScoped<Setup.AdmissionsSeed>();
        services.AddScoped<ProcedureCatalogue>();
        services.AddScoped<UnitResolutionFilter>();
        // search (issue 14): this node's full-text index, rebuilt from and kept current with PostgreSQL (ADR 0020).
        // A kind of content is searchable once its ISearchSource is registered here and its writes reach search_changes.
        services.AddOptions<Search.SearchOptions>().Bind(configuration.GetSection("Search"));
        services.AddSingleton<Search.SearchIndex>();
        services.AddSingleton<Search.SiteSearch>();
        services.AddSingleton<Search.ISearchSource, Search.Sources.ProcedureSearchSource>();
        services.AddSingleton<Search.ISearchSource, Search.Sources.OnlineServiceSearchSource>();
        services.AddSingleton<Search.ISearchSource, Search.Sources.UnitSearchSource>();
        services.AddSingleton<Search.ISearchSource, Search.Sources.AdmissionCampaignSearchSource>();
        // Unit content (ADR 0019), kept current by the trigger on content_items; search_changes is pruned by age.
        services.AddSingleton<Search.ISearchSource, Search.Sources.NewsSearchSource>();
        services.AddSingleton<Search.ISearchSource, Search.Sources.DocumentSearchSource>();
        services.AddSingleton<Search.ISearchSource, Search.Sources.DisclosureSearchSource>();
        services.AddSingleton<Search.ISearchSource, Search.Sources.ResourceSearchSource>(); // content6: digital resources
        services.AddSingleton<Search.SearchChangePruning>();
        services.AddHostedService(sp => sp.GetRequiredService<Search.SearchChangePruning>());
        services.AddHostedService<Search.SearchIndexer>();

        services.AddIdentityCore<PortalUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedEmail = true;
                o.Password.RequiredLength = 12; // ASVS L2; CommonPasswordValidator refuses the guessable ones
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Tokens.AuthenticatorIssuer = "ServicesPortal";
            })
            .AddSignInManager()
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<OneTimeAuthenticatorCodes>(TokenOptions.DefaultAuthenticatorProvider)
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddErrorDescriber<LocalizedIdentityErrors>()
            .AddClaimsPrincipalFactory<PortalClaimsFactory>();
        services.AddScoped<AccountMail>();

        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.Configure<SecurityStampValidatorOptions>(SessionValidation.Configure);
        // Behind TLS the session cookies are Secure whatever a (possibly forged) X-Forwarded-Proto says.
        var securePolicy = PublicLinks.IsHttpsConfigured(configuration) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/tai-khoan/dang-nhap";
            o.LogoutPath = "/tai-khoan/dang-xuat";
            o.AccessDeniedPath = "/tai-khoan/tu-choi-truy-cap";
            o.Cookie.Name = "portal.auth";
            o.Cookie.Path = "/"; // one cookie for /… and /en/…, whatever the PathBase
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = securePolicy;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.Events.OnValidatePrincipal = SessionValidation.ValidatePrincipalAsync;
            o.Events.OnRedirectToAccessDenied = ctx =>
            {
                // A refusal is a 403 with a page, not a redirect to a page that says 200.
                ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        foreach (var scheme in new[] { IdentityConstants.TwoFactorUserIdScheme, IdentityConstants.TwoFactorRememberMeScheme, IdentityConstants.ExternalScheme })
        {
            services.Configure<CookieAuthenticationOptions>(scheme, o =>
            {
                o.Cookie.Path = "/";
                o.Cookie.SecurePolicy = securePolicy;
            });
        }

        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "portal.af";
            o.Cookie.Path = "/";
            // Antiforgery refuses to work at all over http with "Always"; its cookie guards no session, so it follows the request.
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        services.AddAuthorization(PortalPolicies.Add);
        services.AddSingleton<RequestThrottle>();
        services.AddSingleton<LookupGuard>();
        services.AddSingleton<LookupFailureMirror>();
        services.AddHostedService<LookupFailureListener>();
        // exams2: the candidate's three factors, checked one way for the lookup and the re-grading request.
        services.AddSingleton<Services.Web.Pages.Exams.CandidateCheck>();
        services.AddResultsLookupJson();
        services.AddSingleton<IAuthorizationHandler, UnitAuthorizationHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, TwoFactorSetupRedirect>();

        // Keys are encrypted with a certificate kept outside the database (ADR 0009).
        var keyRingCertificate = KeyRingCertificate.Load(configuration);
        services.AddDataProtection().SetApplicationName("ServicesPortal")
            .ProtectKeysWithCertificate(keyRingCertificate)
            .UnprotectKeysWithAnyCertificate(keyRingCertificate);
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DatabaseXmlRepository(
                sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<TimeProvider>())));

        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        services.AddPortalMetrics(configuration);

        services.Configure<ForwardedHeadersOptions>(o => TrustedProxies.Configure(o, configuration));
        services.AddOptions<HostFilteringOptions>().PostConfigure<PublicLinks>((o, links) => TrustedProxies.ConfigureAllowedHosts(o, configuration, links));
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        // examsapi (issue 12): the import API's token server, bearer validation on /api only, its OpenAPI description (ADR 0022).
        services.AddImportApi(configuration);
        return services;
    }

    public static WebApplication UseServicesWeb(this WebApplication app)
    {
        // Refuse to serve without a public address (outside Development): links must never follow the request.
        PublicLinks.ReadOrigin(app.Configuration, app.Environment);
        app.UseForwardedHeaders();
        app.UsePortalMetrics();
        app.UsePortalRequestLogging();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseExceptionHandler("/loi/500");
        app.UseWhen(ctx => ctx.Request.IsHttps, https => https.UseHsts());
        if (app.Configuration.GetValue<bool>("Portal:RequireHttps"))
        {
            app.UseHttpsRedirection();
        }

        app.UseMiddleware<CulturePathMiddleware>();
        app.UseStatusCodePagesWithReExecute("/loi/{0}");
        app.UseImportApiResponses(); // examsapi: JSON refusals on /api and the token endpoint, no error pages
        app.UseStaticFiles();
        app.UseRouting();
        app.UsePortalAuthentication(); // UseAuthentication, asking OpenIddict only on its paths (ADR 0041)
        app.UseAuthorization();

        app.MapHealthChecks("/healthz", new() { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new() { Predicate = c => c.Tags.Contains("ready") });
        app.MapRazorPages();
        app.MapCatalogueEndpoints();
        app.MapJournalEndpoints();
        app.MapResultsLookupEndpoints(); // the lookup page's script (ADR 0039)
        app.MapImportApi(); // examsapi
        Content.ContentFeeds.MapContentFeeds(app); // content: RSS, sitemap.xml, robots.txt
        return app;
    }
}
