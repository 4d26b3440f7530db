using System.Diagnostics;
using Services.Tests.Processes;

namespace Services.Tests.Integration.Reliability;

/// <summary>
/// A PostgreSQL cluster of the test's own (Debian's server binaries, a data folder under /tmp, a free port, trust
/// authentication on loopback), which the test may stop and start as a real outage without touching the shared
/// server every other test uses. Run as root, the server runs as the "postgres" user, as it insists.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _data;

    private PrivatePostgres(string bin, string data, int port)
    {
        _bin = bin;
        _data = data;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Database={database};Username=postgres;Include Error Detail=true";

    public static async Task<PrivatePostgres> StartAsync()
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin"))
            .Where(b => File.Exists(Path.Combine(b, "pg_ctl"))).OrderBy(b => b, StringComparer.Ordinal).LastOrDefault()
            ?? throw new InvalidOperationException("PostgreSQL's server binaries are not installed (Debian package postgresql): ./portal test installs them.");
        var data = Path.Combine(Path.GetTempPath(), $"portal-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(data);
        var cluster = new PrivatePostgres(bin, data, WebProcess.FreePort());
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", ["postgres:postgres", data]);
        }

        await cluster.AsServerAsync("initdb", ["-D", Path.Combine(data, "db"), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
        await cluster.StartServerAsync();
        return cluster;
    }

    /// <summary>Starts the server and waits until it accepts connections.</summary>
    public Task StartServerAsync() => AsServerAsync("pg_ctl",
        ["-D", Path.Combine(_data, "db"), "-l", Path.Combine(_data, "server.log"), "-w", "-t", "60",
         "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -k {_data} -c fsync=off", "start"]);

    /// <summary>A fast shutdown: every session is ended at once, as in a crash of the connections, then the server stops.</summary>
    public Task StopServerAsync() => AsServerAsync("pg_ctl", ["-D", Path.Combine(_data, "db"), "-m", "fast", "-w", "-t", "60", "stop"]);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await AsServerAsync("pg_ctl", ["-D", Path.Combine(_data, "db"), "-m", "immediate", "-w", "stop"]);
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        Directory.Delete(_data, recursive: true);
    }

    private Task AsServerAsync(string tool, IEnumerable<string> arguments) =>
        Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments])
            : RunAsync(Path.Combine(_bin, tool), arguments);

    private static async Task RunAsync(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/tmp" };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', start.ArgumentList)} failed ({process.ExitCode}): {await output}{await error}");
        }
    }
}
