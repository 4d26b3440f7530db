using Services.Tests.Processes;

namespace Services.Tests.Integration.Workflows;

/// <summary>
/// The built portal as a real child process on a test database, with its timer worker and outbox dispatcher running
/// on the real clock; <see cref="WebProcess.KillAsync"/> is <c>kill -9</c>: the process gets no chance to clean up.
/// </summary>
public static class AppProcess
{
    /// <param name="settings">Configuration keys as in appsettings (<c>Workflows:LeaseDuration</c>).</param>
    public static Task<WebProcess> StartAsync(string connectionString, string dataPath, IReadOnlyDictionary<string, string?> settings) =>
        StartAsync(connectionString, dataPath, settings, new Uri($"http://127.0.0.1:{WebProcess.FreePort()}"));

    /// <param name="address">Where it listens (<c>http://127.0.0.1:{port}</c>), for tests that send it requests.</param>
    public static async Task<WebProcess> StartAsync(string connectionString, string dataPath, IReadOnlyDictionary<string, string?> settings, Uri address)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(address);
        var all = new Dictionary<string, string?>(settings)
        {
            ["ConnectionStrings:Portal"] = connectionString,
            ["Portal:DataPath"] = dataPath,
            // Production refuses to start without the public address links are built from; its own address will do here.
            ["Portal:PublicBaseUrl"] = address.ToString().TrimEnd('/'),
        };
        var app = WebProcess.Start(["--urls", address.ToString().TrimEnd('/')], all);
        try
        {
            await app.WaitUntilReadyAsync(address, TimeSpan.FromSeconds(90));
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }
}
