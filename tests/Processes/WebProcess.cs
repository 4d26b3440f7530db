using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Services.Tests.Processes;

/// <summary>
/// The built portal (Services.Web.dll, Production settings) as a real child process: a verb (<c>migrate</c>,
/// <c>seed-demo</c>) that runs and exits, or the server on a loopback port. Its output is drained into memory (a full
/// pipe would block it) for failure messages and log assertions. <see cref="KillAsync"/> is <c>kill -9</c>.
/// Shared by the integration tests (crashes, two nodes) and the e2e fixture.
/// </summary>
public sealed class WebProcess : IAsyncDisposable
{
    private const int KeptLines = 5000;
    private readonly Process _process;
    private readonly Queue<string> _log = new();
    private readonly Lock _gate = new();

    private WebProcess(Process process) => _process = process;

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Release or Debug: whichever the test assembly was built as, so the app under test matches it.</summary>
    public static string Configuration { get; } = FindConfiguration();

    public static string WebFolder => Path.Combine(RepositoryRoot, "src", "Services.Web");

    /// <summary>The child's process id (e.g. to read its peak memory from /proc; bench/Desk.Bench does).</summary>
    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <param name="arguments">Command-line arguments (a verb, or <c>--urls …</c>).</param>
    /// <param name="settings">Configuration keys as in appsettings (<c>Workflows:LeaseDuration</c>), passed as environment variables.</param>
    public static WebProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(settings);
        var dll = Path.Combine(WebFolder, "bin", Configuration, "net10.0", "Services.Web.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} does not exist: build the solution ({Configuration}) first.");
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

        var web = new WebProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."));
        web._process.OutputDataReceived += (_, e) => web.Add(e.Data);
        web._process.ErrorDataReceived += (_, e) => web.Add(e.Data);
        web._process.BeginOutputReadLine();
        web._process.BeginErrorReadLine();
        return web;
    }

    /// <summary>Runs a verb to its end; fails with the output when it exits with another code than 0.</summary>
    public static async Task RunVerbAsync(string verb, IReadOnlyDictionary<string, string?> settings, TimeSpan within)
    {
        await using var run = Start([verb], settings);
        using var timeout = new CancellationTokenSource(within);
        await run._process.WaitForExitAsync(timeout.Token);
        if (run._process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'Services.Web {verb}' failed with exit code {run._process.ExitCode}:\n{run.LogTail()}");
        }
    }

    /// <summary>Waits until <c>/readyz</c> answers 200, failing early (with the output) if the process exits.</summary>
    public async Task WaitUntilReadyAsync(Uri address, TimeSpan within)
    {
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The portal exited with code {_process.ExitCode} before it was ready:\n{LogTail()}");
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

        throw new TimeoutException($"The portal did not answer /readyz with 200 within {within.TotalSeconds:0} s:\n{LogTail()}");
    }

    /// <summary>Lines the app wrote that contain <paramref name="text"/>.</summary>
    public int LogLinesContaining(string text)
    {
        lock (_gate)
        {
            return _log.Count(l => l.Contains(text, StringComparison.Ordinal));
        }
    }

    public string LogTail(int lines = 40)
    {
        lock (_gate)
        {
            return string.Join('\n', _log.TakeLast(lines));
        }
    }

    /// <summary>SIGKILL (the whole tree), then waits for the process to be gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _log.Enqueue(line.Length > 2000 ? line[..2000] + "…" : line);
            if (_log.Count > KeptLines)
            {
                _log.Dequeue();
            }
        }
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
        // .../tests/<project>/bin/<Configuration>/net10.0/
        var parts = AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var bin = Array.LastIndexOf(parts, "bin");
        return bin >= 0 && bin + 1 < parts.Length ? parts[bin + 1] : "Release";
    }
}
