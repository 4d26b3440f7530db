using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Services.Data;
using Services.Data.Content;
using Services.Web.Security;
using Services.Workflows.Content;
using Services.Workflows.Runtime;

namespace Services.Web.Content;

/// <summary>How often each unit's parent feed is fetched, and how long one fetch may take.</summary>
public sealed class ParentFeedOptions
{
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A feed larger than this is refused (a unit's feed is a few dozen kilobytes).</summary>
    public int MaxBytes { get; set; } = 1024 * 1024;
}

/// <summary>
/// Each unit's parent feed (the city's guidance: a unit shows its parent's news, documents and invitations through the
/// parent's feed): fetched from its configured address, or the parent's own RSS on this portal, read by
/// <see cref="FeedReader"/> (sanitised) and cached in PostgreSQL. A failed fetch keeps the last good items.
/// </summary>
public sealed class ParentFeeds(PortalDbContext db, IHttpClientFactory http, PublicLinks links, IOptions<ParentFeedOptions> options, TimeProvider clock,
    ILogger<ParentFeeds> logger)
{
    public const string HttpClientName = "parent-feeds";

    public sealed record Cached(ParentFeed Feed, IReadOnlyList<ParentFeedItem> Items);

    /// <summary>The cached feed of a unit with its items, or null before its first good fetch.</summary>
    public async Task<Cached?> CachedAsync(Guid unitId, CancellationToken ct)
    {
        var feed = await db.ParentFeeds.AsNoTracking().SingleOrDefaultAsync(f => f.UnitId == unitId && f.FetchedAt != null, ct);
        return feed is null ? null : new Cached(feed, await db.ParentFeedItems.AsNoTracking().Where(i => i.UnitId == unitId).OrderBy(i => i.Position).ToListAsync(ct));
    }

    /// <summary>The address a unit's parent feed is fetched from: its own setting, else its parent's RSS here; null for none.</summary>
    public async Task<Uri?> AddressOfAsync(Guid unitId, CancellationToken ct)
    {
        var configured = await db.ParentFeeds.Where(f => f.UnitId == unitId).Select(f => f.Url).SingleOrDefaultAsync(ct);
        if (configured is not null)
        {
            return FeedReader.SafeLink(configured) is { } safe ? new Uri(safe) : null;
        }

        var parent = await db.Units.Where(u => u.Id == unitId).Select(u => u.Parent == null ? null : u.Parent.Slug).SingleOrDefaultAsync(ct);
        return parent is null ? null : new Uri(links.To($"/{parent}/rss.xml"));
    }

    /// <summary>Fetches every unit's parent feed, one after another.</summary>
    public async Task RefreshAllAsync(CancellationToken ct)
    {
        var units = await db.Units.AsNoTracking().Where(u => u.ParentId != null || db.ParentFeeds.Any(f => f.UnitId == u.Id && f.Url != null))
            .Select(u => u.Id).ToListAsync(ct);
        foreach (var unit in units)
        {
            await RefreshAsync(unit, ct);
        }
    }

    /// <summary>Fetches one unit's parent feed; true when its cache now holds what the feed said.</summary>
    public async Task<bool> RefreshAsync(Guid unitId, CancellationToken ct)
    {
        if (await AddressOfAsync(unitId, ct) is not { } address)
        {
            return false;
        }

        var (document, error) = await FetchAsync(address, ct);
        var feed = await db.ParentFeeds.SingleOrDefaultAsync(f => f.UnitId == unitId, ct);
        if (feed is null)
        {
            feed = new ParentFeed { UnitId = unitId };
            db.ParentFeeds.Add(feed);
        }

        var now = clock.GetUtcNow();
        feed.AttemptedAt = now;
        feed.Error = error;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (document is not null)
        {
            feed.SourceTitle = document.Title.Length > 0 ? document.Title : address.Host;
            feed.SourceLink = document.Link ?? address.GetLeftPart(UriPartial.Authority);
            feed.FetchedAt = now;
            await db.SaveChangesAsync(ct);
            await db.ParentFeedItems.Where(i => i.UnitId == unitId).ExecuteDeleteAsync(ct);
            db.ParentFeedItems.AddRange(document.Entries.Select((e, position) => new ParentFeedItem
            {
                Id = Guid.CreateVersion7(), UnitId = unitId, Position = position, Title = e.Title, Link = e.Link, Summary = e.Summary, PublishedAt = e.PublishedAt,
            }));
        }
        else
        {
            logger.LogWarning("Parent feed of unit {Unit} from {Address} failed ({Error}); the last good items stay.", unitId, address, error);
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return document is not null;
    }

    private async Task<(FeedDocument? Document, string? Error)> FetchAsync(Uri address, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.Timeout);
        try
        {
            using var response = await http.CreateClient(HttpClientName).GetAsync(address, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return (null, $"HTTP {(int)response.StatusCode}");
            }

            if (response.Content.Headers.ContentLength > options.Value.MaxBytes)
            {
                return (null, "too large");
            }

            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            using var copy = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(buffer, timeout.Token)) > 0)
            {
                if (copy.Length + read > options.Value.MaxBytes)
                {
                    return (null, "too large");
                }

                copy.Write(buffer, 0, read);
            }

            copy.Position = 0;
            return FeedReader.Read(copy) is { } document ? (document, null) : (null, "not RSS 2.0");
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return (null, e is OperationCanceledException ? "timed out" : e.GetType().Name);
        }
    }
}

/// <summary>Fetches every unit's parent feed at each interval (the first after one interval, not at start).</summary>
public sealed class ParentFeedRefresh(IServiceScopeFactory scopes, IOptions<ParentFeedOptions> options, IOptions<WorkflowOptions> workflowOptions,
    ILogger<ParentFeedRefresh> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!workflowOptions.Value.RunBackgroundWorkers)
        {
            return;
        }

        // Real time, not the portal's clock: this is a cadence of fetching, not a deadline anyone is owed.
        using var timer = new PeriodicTimer(options.Value.Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<ParentFeeds>().RefreshAllAsync(stoppingToken);
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException or DbUpdateException)
                {
                    logger.LogWarning(e, "Parent feeds not refreshed; retrying at the next interval.");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
