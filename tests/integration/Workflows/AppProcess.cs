using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Services.Tests.Integration.Workflows;

/// <summary>
/// The built portal (Services.Web.dll) as a real child process on a test database, with its timer worker and outbox
/// dispatcher running on the real clock. <see cref="Kill"/> is <c>kill -9</c>: the process gets no chance to clean up.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _log = new();
    private readonly Lock _gate = new();

    private AppProcess(Process process) => _process = process;

    /// <param name="settings">Configuration keys as in appsettings (<c>Workflows:LeaseDuration</c>), passed as environment variables.</param>
    public static async Task<AppProcess> StartAsync(string connectionString, string dataPath, IReadOnlyDictionary<string, string?> settings)
    {
        var web = Path.Combine(RepositoryRoot(), "src", "Services.Web");
        var dll = Path.Combine(web, "bin", Configuration(), "net10.0", "Services.Web.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} does not exist: build the solution first.");
        }

        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = web, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { dll, "--urls", $"http://127.0.0.1:{port}", "--contentRoot", web })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ConnectionStrings__Portal"] = connectionString;
        start.Environment["Portal__DataPath"] = dataPath;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // Production refuses to start without the public address links are built from; its own address will do here.
        start.Environment["Portal__PublicBaseUrl"] = $"http://127.0.0.1:{port}";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var app = new AppProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."));
        app._process.OutputDataReceived += (_, e) => app.Add(e.Data);
        app._process.ErrorDataReceived += (_, e) => app.Add(e.Data);
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();
        await app.WaitUntilReadyAsync(new Uri($"http://127.0.0.1:{port}"));
        return app;
    }

    /// <summary>Lines the app wrote that contain <paramref name="text"/>.</summary>
    public int LogLinesContaining(string text)
    {
        lock (_gate)
        {
            return _log.Count(l => l.Contains(text, StringComparison.Ordinal));
        }
    }

    public string LogTail(int lines = 30)
    {
        lock (_gate)
        {
            return string.Join('\n', _log.TakeLast(lines));
        }
    }

    /// <summary>SIGKILL, then waits for the process to be gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
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
            if (_log.Count > 5000)
            {
                _log.Dequeue();
            }
        }
    }

    private async Task WaitUntilReadyAsync(Uri address)
    {
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
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

        throw new TimeoutException($"The portal did not answer /readyz within 90 s:\n{LogTail()}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
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

    private static string Configuration()
    {
        // .../tests/integration/bin/<Configuration>/net10.0/
        var parts = AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var bin = Array.LastIndexOf(parts, "bin");
        return bin >= 0 && bin + 1 < parts.Length ? parts[bin + 1] : "Release";
    }
}
