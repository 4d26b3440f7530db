using Services.Data;
using Services.Data.Content;
using Services.Data.Units;
using Services.Tests.Processes;

namespace Services.Tests.Integration.Search;

/// <summary>One node of the portal as a real child process (Services.Web.dll) on a test database, with its own data folder (its index).</summary>
public sealed class SearchNode : IAsyncDisposable
{
    private SearchNode(WebProcess process, Uri address, string dataPath)
    {
        Process = process;
        DataPath = dataPath;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public WebProcess Process { get; }
    public HttpClient Client { get; }
    public string DataPath { get; }
    public string IndexPath => Path.Combine(DataPath, "search");

    /// <param name="settings">Extra configuration (e.g. the pruning's retention).</param>
    public static async Task<SearchNode> StartAsync(string connectionString, string dataPath, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var address = new Uri($"http://127.0.0.1:{WebProcess.FreePort()}");
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["ConnectionStrings:Portal"] = connectionString,
            ["Portal:DataPath"] = dataPath,
            ["Portal:PublicBaseUrl"] = address.ToString().TrimEnd('/'),
            ["Search:PollInterval"] = "00:00:00.200",
        };
        var process = WebProcess.Start(["--urls", address.ToString().TrimEnd('/')], all);
        try
        {
            await process.WaitUntilReadyAsync(address, TimeSpan.FromSeconds(90));
            return new SearchNode(process, address, dataPath);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public static string NewDataPath() => Path.Combine(Path.GetTempPath(), $"portal-search-node-{Guid.NewGuid():N}");

    /// <summary>The hits of <paramref name="pathAndQuery"/> once <paramref name="until"/> holds, or at the deadline (the caller asserts).</summary>
    public async Task<List<string>> HitsAsync(string pathAndQuery, Func<List<string>, bool> until, TimeSpan within) =>
        SearchHttpTests.Hits(await SearchWebApp.SearchAsync(Client, pathAndQuery, html => until(SearchHttpTests.Hits(html)), within));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Process.DisposeAsync();
    }

    /// <summary>A published item written straight to content_items (its trigger records the change in the same transaction).</summary>
    public static ContentItem Published(Unit unit, ContentKind kind, string slug, string title, string body, string? number = null) => new()
    {
        Id = Guid.CreateVersion7(), UnitId = unit.Id, Kind = kind, Category = kind == ContentKind.Document ? "quyet-dinh" : "thong-bao",
        Title = title, Summary = title, Body = $"<p>{body}</p>", Source = body, Slug = slug, Status = ContentStatus.Published,
        PublishedAt = new DateTimeOffset(2026, 10, 1, 1, 0, 0, TimeSpan.Zero), CreatedAt = new DateTimeOffset(2026, 9, 30, 1, 0, 0, TimeSpan.Zero),
        UpdatedAt = new DateTimeOffset(2026, 10, 1, 1, 0, 0, TimeSpan.Zero), Version = 1,
        DocumentNumber = number, IssuingAuthority = number is null ? null : "Sở Giáo dục và Đào tạo",
    };

    public static Unit SchoolOf(PortalDbContext db, string slug) => db.Units.Single(u => u.Slug == slug);
}
