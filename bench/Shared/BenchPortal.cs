using System.Globalization;
using Npgsql;
using Services.Tests.Processes;

namespace Services.Bench;

/// <summary>
/// A benchmark's own portal: a fresh scratch database on the server of <c>ConnectionStrings__PortalAdmin</c>, migrated and
/// seeded with the demo city by the portal's own verbs (<c>migrate</c>, <c>seed-demo</c>), then the built portal serving it
/// as a child process on a free loopback port, exactly as the tests start it. The app runs as <c>ConnectionStrings__Portal</c>'s
/// user (the app's role) and the schema belongs to <c>ConnectionStrings__PortalMigrate</c>'s (else the admin), as
/// <c>./portal</c> does for the real database. Disposing stops the app and drops the database unless it is kept.
/// </summary>
internal sealed class BenchPortal : IAsyncDisposable
{
    private readonly string _admin;
    private readonly bool _keep;
    private WebProcess? _web;

    private BenchPortal(string database, string admin, bool keep, IReadOnlyDictionary<string, string?> extraSettings)
    {
        Database = database;
        _admin = admin;
        _keep = keep;
        var appString = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("ConnectionStrings__Portal") ?? admin) { Database = database }.ConnectionString;
        OwnerConnectionString = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("ConnectionStrings__PortalMigrate") ?? admin) { Database = database }.ConnectionString;
        DataPath = Path.Combine(Path.GetTempPath(), $"{database}-{Environment.ProcessId}");
        BaseUrl = $"http://127.0.0.1:{WebProcess.FreePort()}";
        Settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Portal"] = appString,
            ["ConnectionStrings:PortalMigrate"] = OwnerConnectionString,
            ["Portal:DataPath"] = DataPath,
            ["Portal:PublicBaseUrl"] = BaseUrl,
        };
        foreach (var (key, value) in extraSettings)
        {
            Settings[key] = value;
        }

        // Bulk seeding takes longer than a command's default 30 s on a busy machine.
        OwnerDb = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(OwnerConnectionString) { CommandTimeout = 0 }.ConnectionString);
    }

    public string Database { get; }

    public string BaseUrl { get; }

    public string DataPath { get; }

    public string OwnerConnectionString { get; }

    /// <summary>The configuration the app runs with (also what a benchmark gives its own in-process services).</summary>
    public Dictionary<string, string?> Settings { get; }

    /// <summary>The schema owner's connections, for seeding in bulk and for checking what the app stored.</summary>
    public NpgsqlDataSource OwnerDb { get; }

    public WebProcess Web => _web ?? throw new InvalidOperationException("The portal has not been started.");

    /// <summary>Creates, migrates and seeds the database; the app is started by <see cref="StartAsync"/>.</summary>
    /// <param name="extraSettings">Configuration for this benchmark, e.g. a limit lifted for the load generator's address.</param>
    public static async Task<BenchPortal> CreateAsync(string database, IReadOnlyDictionary<string, string?>? extraSettings = null, bool keep = false)
    {
        var admin = Environment.GetEnvironmentVariable("ConnectionStrings__PortalAdmin")
            ?? throw new InvalidOperationException("ConnectionStrings__PortalAdmin is not set (./portal bench sets it).");
        var portal = new BenchPortal(database, admin, keep, extraSettings ?? new Dictionary<string, string?>());
        var owner = new NpgsqlConnectionStringBuilder(portal.OwnerConnectionString).Username ?? "postgres";
        await portal.AdminAsync($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        await portal.AdminAsync($"CREATE DATABASE {database} OWNER \"{owner}\"");
        await WebProcess.RunVerbAsync("migrate", portal.Settings, TimeSpan.FromMinutes(5));
        await WebProcess.RunVerbAsync("seed-demo", portal.Settings, TimeSpan.FromMinutes(5));
        return portal;
    }

    /// <summary>Starts the app on the database and waits until it answers <c>/readyz</c>.</summary>
    public async Task StartAsync()
    {
        _web = WebProcess.Start(["--urls", BaseUrl], Settings);
        await _web.WaitUntilReadyAsync(new Uri(BaseUrl), TimeSpan.FromSeconds(120));
    }

    /// <summary>Stops the app (the database stays until disposal).</summary>
    public async Task StopAsync()
    {
        if (_web is not null)
        {
            await _web.DisposeAsync();
            _web = null;
        }
    }

    /// <summary>The app's peak resident set so far (VmHWM in /proc/PID/status), in MiB.</summary>
    public double PeakRssMiB()
    {
        var line = File.ReadLines($"/proc/{Web.ProcessId}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line["VmHWM:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>The app process's CPU time so far (user and system, background work included).</summary>
    public TimeSpan WebCpu()
    {
        using var process = System.Diagnostics.Process.GetProcessById(Web.ProcessId);
        return process.TotalProcessorTime;
    }

    /// <summary>
    /// CPU time so far (user and system, from /proc/PID/stat) of each PostgreSQL backend connected to the benchmark's
    /// database, by backend id: the server must run on this machine. Subtracting two readings gives the database's work
    /// for what ran between them, whatever else the shared server does for other databases.
    /// </summary>
    public async Task<Dictionary<int, TimeSpan>> DatabaseCpuAsync()
    {
        var backends = await ColumnAsync<int>("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
        const double TicksPerSecond = 100; // USER_HZ on Linux
        var cpu = new Dictionary<int, TimeSpan>();
        foreach (var pid in backends)
        {
            string stat;
            try
            {
                stat = File.ReadAllText($"/proc/{pid}/stat");
            }
            catch (IOException)
            {
                continue; // the backend ended meanwhile
            }

            // The fields after the command's closing parenthesis; utime and stime are the 14th and 15th of the line.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            cpu[pid] = TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }

        return cpu;
    }

    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteScalarAsync() is T value ? value : throw new InvalidOperationException($"No value for: {sql}");
    }

    public async Task<List<T>> ColumnAsync<T>(string sql, params object[] parameters)
    {
        await using var command = Command(sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }

    public async Task<int> ExecuteAsync(string sql, params object[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>The seeded key of a demo account's authenticator, to sign in with its second factor.</summary>
    public Task<string> AuthenticatorKeyAsync(string email) => ScalarAsync<string>(
        "SELECT t.value FROM user_tokens t JOIN users u ON u.id = t.user_id WHERE u.normalized_email = upper($1) AND t.name = 'AuthenticatorKey'", email);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await OwnerDb.DisposeAsync();
        if (_keep)
        {
            Console.WriteLine($"kept the database {Database} (--keep)");
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await AdminAsync($"DROP DATABASE IF EXISTS {Database} WITH (FORCE)");
        if (Directory.Exists(DataPath))
        {
            Directory.Delete(DataPath, recursive: true);
        }
    }

    private NpgsqlCommand Command(string sql, object[] parameters)
    {
        var command = OwnerDb.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return command;
    }

    private async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
