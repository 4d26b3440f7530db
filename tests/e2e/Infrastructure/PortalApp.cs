using System.Net;
using Microsoft.Playwright;
using Npgsql;
using Services.Tests.Processes;

namespace Services.Tests.E2e.Infrastructure;

/// <summary>
/// The real portal for one e2e run: a fresh database on the server named by <c>ConnectionStrings__PortalAdmin</c>,
/// migrated and seeded by the app's own <c>migrate</c> and <c>seed-demo</c> verbs, the built Services.Web.dll serving on a free loopback port,
/// and one headless Debian Chromium shared by every test. Everything is torn down at the end, the database included.
/// </summary>
public sealed class PortalApp : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private readonly string _adminConnectionString = Environment.GetEnvironmentVariable("ConnectionStrings__PortalAdmin")
        ?? throw new InvalidOperationException(
            "ConnectionStrings__PortalAdmin is not set: the e2e tests need a real PostgreSQL server to create their database on. Run them with ./portal test.");

    private readonly string _databaseName = $"portal_e2e_{Guid.NewGuid():N}"[..28];
    private WebProcess? _process;
    private IPlaywright? _playwright;

    public static string RepositoryRoot => WebProcess.RepositoryRoot;

    public Uri BaseUrl { get; private set; } = null!;
    public string DataPath { get; } = Path.Combine(Path.GetTempPath(), $"portal-e2e-{Guid.NewGuid():N}");
    public string MailFolder => Path.Combine(DataPath, "mail");
    public IBrowser Browser { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        // Screenshots describe this run's failures only; stale ones from an earlier run would mislead.
        if (Directory.Exists(BrowserTest.ScreenshotFolder))
        {
            Directory.Delete(BrowserTest.ScreenshotFolder, recursive: true);
        }

        Directory.CreateDirectory(DataPath);
        await using (var admin = new NpgsqlConnection(_adminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {_databaseName}", admin);
            await create.ExecuteNonQueryAsync();
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = _databaseName }.ConnectionString;

        // What ./portal run does: the schema, then the demo city (never part of a production migrate).
        foreach (var verb in new[] { "migrate", "seed-demo" })
        {
            await WebProcess.RunVerbAsync(verb, Settings(), TimeSpan.FromMinutes(2));
        }

        BaseUrl = new Uri($"http://127.0.0.1:{WebProcess.FreePort()}");
        var address = BaseUrl.ToString().TrimEnd('/');
        _process = WebProcess.Start(["--urls", address], new Dictionary<string, string?>(Settings()) { ["Portal:PublicBaseUrl"] = address });
        await _process.WaitUntilReadyAsync(BaseUrl, TimeSpan.FromSeconds(60));

        _playwright = await Playwright.CreateAsync();
        // Web-first assertions poll; under load on a 2-core machine the 5 s default is too tight.
        Assertions.SetDefaultExpectTimeout(30_000);
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("PORTAL_CHROMIUM") is { Length: > 0 } chromium ? chromium : "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>
    /// A fresh browser context (own cookies) at the given viewport. CSP is bypassed only so axe-core can be injected;
    /// the app's own pages never need it.
    /// </summary>
    public async Task<IBrowserContext> NewContextAsync(int width = 1280, int height = 800, bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = javaScript,
            BaseURL = BaseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            BypassCSP = true,
            Locale = "vi-VN",
        });
        // The machines are small and shared: a busy minute must not read as a broken page.
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        return context;
    }

    /// <summary>An HTTP client that does not follow redirects, so tests can see the 302s and status codes themselves.</summary>
    public HttpClient NewHttpClient(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer(), UseCookies = true })
        {
            BaseAddress = BaseUrl,
        };

    /// <summary>The app's recent output, for failure messages.</summary>
    public string LogTail(int lines = 40) => _process?.LogTail(lines) ?? "";

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_process is not null)
        {
            await _process.DisposeAsync();
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
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // A log file still being flushed by the dying process; the temp folder is cleaned by the OS eventually.
        }
    }

    private Dictionary<string, string?> Settings() => new()
    {
        ["ConnectionStrings:Portal"] = ConnectionString,
        ["ConnectionStrings:PortalMigrate"] = ConnectionString, // this run's database, never the demo's
        ["Portal:DataPath"] = DataPath,
        // Every browser test of the shared portal signs in from the same address; the limit itself (30 per 15 minutes)
        // is proved by the integration tests (FormLimitTests), not by how many sign-ins this suite happens to make.
        ["Portal:Limits:sign-in-client:Limit"] = "500",
        // Likewise every lookup (dossier status, results, certificates) comes from that one address; the per-client
        // lookup limit (20 a minute) is proved by LookupGuardTests. The per-code failure lock still holds here.
        ["Portal:Limits:lookup-client:Limit"] = "500",
    };
}

[CollectionDefinition(Name)]
public sealed class SharedPortal : ICollectionFixture<PortalApp>
{
    public const string Name = "portal";
}
