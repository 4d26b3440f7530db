using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;
using Services.Tests.Samples;
using Services.Web;
using Services.Web.Setup;
using Services.Workflows;

namespace Services.Tests.E2e.Infrastructure;

/// <summary>
/// The real portal on Kestrel in this process, so a test can register what the shipped app does not have: the sample
/// workflow whose automated step fails (<see cref="SampleFlakyWorkflow"/>). A fresh database, migrated and seeded by
/// the app's own <c>setup</c> verb; an automated step is parked as an incident after its first failure. Its clock is real
/// time unless a test moves it (<see cref="ShiftedClock"/>).
/// </summary>
public class InProcessPortal : IAsyncLifetime
{
    private readonly string _adminConnectionString = Environment.GetEnvironmentVariable("ConnectionStrings__PortalAdmin")
        ?? throw new InvalidOperationException("ConnectionStrings__PortalAdmin is not set: the e2e tests need a real PostgreSQL server.");

    private readonly string _databaseName = $"portal_e2e_{Guid.NewGuid():N}"[..28];
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), $"portal-e2e-{Guid.NewGuid():N}");
    private WebApplication? _app;
    private IPlaywright? _playwright;

    public string ConnectionString { get; private set; } = "";
    public Uri BaseUrl { get; private set; } = null!;
    public IServiceProvider Services => _app!.Services;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The portal's clock: the real one unless a test moves it (a consultation's closing, a publication at a set time).</summary>
    public ShiftedClock Clock { get; } = new();

    /// <summary>The pickup folder the portal drops its e-mails in.</summary>
    public string MailFolder => Path.Combine(_dataPath, "mail");

    public async Task InitializeAsync()
    {
        await using (var admin = new NpgsqlConnection(_adminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {_databaseName}", admin);
            await create.ExecuteNonQueryAsync();
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = _databaseName }.ConnectionString;
        // The schema, then the demo city (migrate never seeds, ADR 0009).
        foreach (var verb in new[] { "migrate", "seed-demo" })
        {
            await using var setup = Build([verb]);
            Assert.Equal(0, await PortalCommands.RunAsync(setup, [verb]));
        }

        _app = Build(["--urls", "http://127.0.0.1:0"]);
        _app.UseServicesWeb();
        await _app.StartAsync();
        BaseUrl = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        _playwright = await Playwright.CreateAsync();
        Assertions.SetDefaultExpectTimeout(30_000);
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("PORTAL_CHROMIUM") is { Length: > 0 } chromium ? chromium : "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh context (own cookies) at the given viewport; CSP bypassed only so axe-core can be injected.</summary>
    public async Task<IPage> NewPageAsync(int width, int height)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            BypassCSP = true,
            Locale = "vi-VN",
        });
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        await using (var admin = new NpgsqlConnection(_adminConnectionString))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_databaseName} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        try
        {
            Directory.Delete(_dataPath, recursive: true);
        }
        catch (IOException)
        {
            // A log file still being flushed; the temp folder is cleaned by the OS eventually.
        }
    }

    private WebApplication Build(string[] args) =>
        global::Services.Web.PortalApp.Build([.. args, "--contentRoot", Path.Combine(PortalApp.RepositoryRoot, "src", "Services.Web")], builder =>
        {
            builder.Configuration["ConnectionStrings:Portal"] = ConnectionString;
            builder.Configuration["ConnectionStrings:PortalMigrate"] = ConnectionString; // this run's database, never the demo's
            builder.Configuration["Portal:DataPath"] = _dataPath;
            // The port is only known once Kestrel listens; the host is what the host filter and e-mailed links need here.
            builder.Configuration["Portal:PublicBaseUrl"] = "http://127.0.0.1";
            builder.Configuration["Workflows:TimerMaxAttempts"] = "1";
            builder.Services.AddWorkflow<SampleFlakyWorkflow>();
            builder.Services.AddSingleton<FlakyDependency>();
            builder.Services.AddSingleton<TimeProvider>(Clock);
        });

}
