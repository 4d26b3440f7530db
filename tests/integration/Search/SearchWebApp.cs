using System.Net;
using Services.Tests.Integration.Infrastructure;

namespace Services.Tests.Integration.Search;

/// <summary>The real portal on a fresh database seeded with <see cref="SearchData"/> before it starts, so its index is built at start.</summary>
public sealed class SearchWebApp : IAsyncLifetime
{
    public static readonly Dictionary<string, string?> FastPolling = new() { ["Search:PollInterval"] = "00:00:00.200" };

    public TestDatabase Database { get; } = new();
    public RunningPortal Portal { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        await using (var db = Database.CreateContext())
        {
            await SearchData.SeedAsync(db);
        }

        Portal = await RunningPortal.StartAsync(Database.ConnectionString, FastPolling);
    }

    public async Task DisposeAsync()
    {
        await Portal.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>The search page's HTML, once it shows what <paramref name="until"/> waits for (the index is built in the background).</summary>
    public static async Task<string> SearchAsync(HttpClient client, string pathAndQuery, Func<string, bool> until, TimeSpan? within = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(until);
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            using var response = await client.GetAsync(new Uri(pathAndQuery, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            if (until(html) || DateTime.UtcNow > deadline)
            {
                return html;
            }

            await Task.Delay(200);
        }
    }
}
