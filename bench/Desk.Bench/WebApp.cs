using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Desk.Bench;

/// <summary>
/// The built portal (Services.Web.dll, Production settings) as a child process, as bench/cold-start and the tests'
/// WebProcess start it: a verb that runs and exits (<c>migrate</c>, <c>seed-demo</c>), or the server on a loopback port.
/// Its output is drained (a full pipe would block it) and its tail shown when it fails.
/// </summary>
internal sealed class WebApp : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _log = new();
    private readonly Lock _gate = new();
    private bool _disposed;

    private WebApp(Process process, string? baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string? BaseUrl { get; }

    private static string Root { get; } = FindRoot();

    private static string WebFolder => Path.Combine(Root, "src", "Services.Web");

    public static WebApp Start(string baseUrl, IReadOnlyDictionary<string, string?> settings) => Launch(["--urls", baseUrl], settings, baseUrl);

    public static async Task RunVerbAsync(string verb, IReadOnlyDictionary<string, string?> settings)
    {
        await using var run = Launch([verb], settings, null);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await run._process.WaitForExitAsync(timeout.Token);
        if (run._process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'Services.Web {verb}' failed with exit code {run._process.ExitCode}:\n{run.Tail()}");
        }
    }

    public async Task WaitUntilReadyAsync(TimeSpan within)
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl!), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The portal exited with code {_process.ExitCode} before it was ready:\n{Tail()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or still warming up.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The portal did not answer /readyz within {within.TotalSeconds:0} s:\n{Tail()}");
    }

    /// <summary>The process's peak resident set (VmHWM in /proc/PID/status), in MiB.</summary>
    public double PeakRssMiB()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line["VmHWM:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture) / 1024.0;
    }

    public string Tail(int lines = 40)
    {
        lock (_gate)
        {
            return string.Join('\n', _log.TakeLast(lines));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static WebApp Launch(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> settings, string? baseUrl)
    {
        var configuration = Environment.GetEnvironmentVariable("PORTAL_CONFIGURATION") is { Length: > 0 } c ? c : "Release";
        var dll = Path.Combine(WebFolder, "bin", configuration, "net10.0", "Services.Web.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} does not exist: build the solution ({configuration}) first.");
        }

        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = WebFolder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { dll }.Concat(arguments).Concat(["--contentRoot", WebFolder]))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var app = new WebApp(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."), baseUrl);
        app._process.OutputDataReceived += (_, e) => app.Add(e.Data);
        app._process.ErrorDataReceived += (_, e) => app.Add(e.Data);
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();
        return app;
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _log.Enqueue(line);
            if (_log.Count > 2000)
            {
                _log.Dequeue();
            }
        }
    }

    private static string FindRoot()
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
}
