using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Services.Web;

namespace Services.Tests.Integration.Infrastructure;

/// <summary>The real portal on Kestrel, in-process, on a free loopback port, with its own data folder.</summary>
public sealed class RunningPortal : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningPortal(WebApplication app, string dataPath, Uri address)
    {
        _app = app;
        DataPath = dataPath;
        Client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = address };
    }

    /// <summary>The configured public address: every absolute link the portal builds starts with it.</summary>
    public const string PublicBaseUrl = "http://dichvucong.test";

    public HttpClient Client { get; }
    public string DataPath { get; }
    public IServiceProvider Services => _app.Services;

    /// <summary>Another visitor: its own cookies (antiforgery, drafts), no automatic redirects.</summary>
    public HttpClient NewClient() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = Client.BaseAddress };

    /// <param name="configure">Extra registrations of a test (e.g. a test authentication scheme), beside the portal's own.</param>
    /// <param name="replaceServices">Registrations that replace the portal's own (e.g. <see cref="CapturedMail"/>).</param>
    public static async Task<RunningPortal> StartAsync(string connectionString, IReadOnlyDictionary<string, string?>? settings = null,
        Action<WebApplicationBuilder>? configure = null, Action<IServiceCollection>? replaceServices = null)
    {
        var dataPath = Path.Combine(Path.GetTempPath(), $"portal-it-{Guid.NewGuid():N}");
        var app = PortalApp.Build(["--urls", "http://127.0.0.1:0", "--contentRoot", WebContentRoot()], builder =>
        {
            builder.Configuration["ConnectionStrings:Portal"] = connectionString;
            builder.Configuration["Portal:DataPath"] = dataPath;
            builder.Configuration["Portal:PublicBaseUrl"] = PublicBaseUrl;
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                builder.Configuration[key] = value;
            }

            configure?.Invoke(builder);
        }, replaceServices);
        app.UseServicesWeb();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningPortal(app, dataPath, new Uri(address));
    }

    /// <summary>Seeds the demo city and its online forms, then drops the unit cache the portal warmed before them.</summary>
    public async Task SeedDemoCityAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Services.Web.Setup.DemoCitySeed>().RunAsync(CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<Services.Web.Setup.OnlineFormSeed>().RunAsync(CancellationToken.None);
        scope.ServiceProvider.GetRequiredService<Services.Web.Units.UnitDirectory>().Invalidate();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static string WebContentRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ServicesPortal.sln")))
        {
            dir = dir.Parent;
        }

        return dir is null
            ? throw new InvalidOperationException("Cannot find the repository root (ServicesPortal.sln) above the test assembly.")
            : Path.Combine(dir.FullName, "src", "Services.Web");
    }
}
