using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;
using Npgsql;

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
    private readonly AppLog _log = new();
    private Process? _process;
    private IPlaywright? _playwright;

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Release or Debug: whichever this test assembly was built as, so the app under test matches it.</summary>
    public static string Configuration { get; } = FindConfiguration();

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
            using var step = StartWeb(verb);
            await step.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
            if (step.ExitCode != 0)
            {
                throw new InvalidOperationException($"'Services.Web {verb}' failed with exit code {step.ExitCode}:\n{_log.Tail()}");
            }
        }
        var port = FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}");
        _process = StartWeb("--urls", BaseUrl.ToString().TrimEnd('/'), "--Portal:PublicBaseUrl", BaseUrl.ToString().TrimEnd('/'));
        await WaitUntilReadyAsync();

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
    public async Task<IBrowserContext> NewContextAsync(int width = 1280, int height = 800)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
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
    public string LogTail(int lines = 40) => _log.Tail(lines);

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
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

    private Process StartWeb(params string[] args)
    {
        var web = Path.Combine(RepositoryRoot, "src", "Services.Web");
        var dll = Path.Combine(web, "bin", Configuration, "net10.0", "Services.Web.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} does not exist: build the solution ({Configuration}) first.");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = web,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(web);
        start.Environment["ConnectionStrings__Portal"] = ConnectionString;
        start.Environment["ConnectionStrings__PortalMigrate"] = ConnectionString; // this run's database, never the demo's
        start.Environment["Portal__DataPath"] = DataPath;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, e) => _log.Add(e.Data);
        process.ErrorDataReceived += (_, e) => _log.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"The portal exited with code {_process.ExitCode} before it was ready:\n{_log.Tail()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but slow to answer while it warms up.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The portal did not answer /readyz with 200 within 60 s:\n{_log.Tail()}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ServicesPortal.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No ServicesPortal.sln above {AppContext.BaseDirectory}.");
    }

    private static string FindConfiguration()
    {
        // .../tests/e2e/bin/<Configuration>/net10.0/
        var parts = AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var bin = Array.LastIndexOf(parts, "bin");
        return bin >= 0 && bin + 1 < parts.Length ? parts[bin + 1] : "Release";
    }

    /// <summary>The last lines the app wrote, kept in memory (the pipes must be drained or the app blocks).</summary>
    private sealed class AppLog
    {
        private const int Keep = 200;
        private readonly Queue<string> _lines = new();
        private readonly Lock _gate = new();

        public void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_gate)
            {
                _lines.Enqueue(line.Length > 2000 ? line[..2000] + "…" : line);
                while (_lines.Count > Keep)
                {
                    _lines.Dequeue();
                }
            }
        }

        public string Tail(int count = 40)
        {
            lock (_gate)
            {
                return string.Join('\n', _lines.Skip(Math.Max(0, _lines.Count - count)));
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SharedPortal : ICollectionFixture<PortalApp>
{
    public const string Name = "portal";
}
