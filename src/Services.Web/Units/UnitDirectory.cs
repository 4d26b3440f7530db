using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Units;

namespace Services.Web.Units;

/// <summary>
/// The unit tree, cached in memory: a city has a few thousand units at most and every page needs them.
/// Refreshed every minute and on demand after an admin edits a unit.
/// </summary>
public sealed class UnitDirectory(IServiceScopeFactory scopes, TimeProvider clock, ILogger<UnitDirectory> logger) : IDisposable
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Snapshot? _snapshot;

    public async Task<UnitView?> FindBySlugAsync(string slug, CancellationToken ct = default) =>
        (await GetAsync(ct)).BySlug.GetValueOrDefault(slug);

    public async Task<UnitView?> FindByIdAsync(Guid id, CancellationToken ct = default) =>
        (await GetAsync(ct)).ById.GetValueOrDefault(id);

    public async Task<UnitView?> FindByHostAsync(string host, CancellationToken ct = default) =>
        (await GetAsync(ct)).ByHost.GetValueOrDefault(host);

    public async Task<UnitView> RootAsync(CancellationToken ct = default) =>
        (await GetAsync(ct)).Root ?? throw new InvalidOperationException("No department unit exists; run ./portal run to seed one.");

    public async Task<IReadOnlyList<UnitView>> ChildrenAsync(Guid id, CancellationToken ct = default) =>
        (await GetAsync(ct)).Children.GetValueOrDefault(id) ?? [];

    public void Invalidate() => _snapshot = null;

    public void Dispose() => _gate.Dispose();

    private async Task<Snapshot> GetAsync(CancellationToken ct)
    {
        var snapshot = _snapshot;
        if (snapshot is not null && clock.GetUtcNow() - snapshot.LoadedAt < MaxAge)
        {
            return snapshot;
        }

        await _gate.WaitAsync(ct);
        try
        {
            snapshot = _snapshot;
            if (snapshot is not null && clock.GetUtcNow() - snapshot.LoadedAt < MaxAge)
            {
                return snapshot;
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
                var units = await db.Units.AsNoTracking().Include(u => u.Leaders).ToListAsync(ct);
                _snapshot = snapshot = new Snapshot(units.Select(UnitView.From).ToList(), clock.GetUtcNow());
                return snapshot;
            }
            catch (Exception ex) when (snapshot is not null && ex is Npgsql.NpgsqlException or TimeoutException)
            {
                // The unit tree changes rarely: while the database is unreachable, pages keep their header and footer.
                logger.LogWarning(ex, "Unit tree refresh failed; serving the copy loaded at {LoadedAt}", snapshot.LoadedAt);
                return snapshot;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed class Snapshot
    {
        public Snapshot(IReadOnlyList<UnitView> units, DateTimeOffset loadedAt)
        {
            LoadedAt = loadedAt;
            ById = units.ToDictionary(u => u.Id);
            BySlug = units.ToDictionary(u => u.Slug, StringComparer.OrdinalIgnoreCase);
            ByHost = units.Where(u => u.HostName is not null).ToDictionary(u => u.HostName!, StringComparer.OrdinalIgnoreCase);
            Root = units.FirstOrDefault(u => u.ParentId is null && u.Kind == UnitKind.Department);
            Children = units.Where(u => u.ParentId is not null)
                .GroupBy(u => u.ParentId!.Value)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<UnitView>)g.OrderBy(u => u.Kind).ThenBy(u => u.NameVi, StringComparer.Ordinal).ToList());
        }

        public DateTimeOffset LoadedAt { get; }
        public Dictionary<Guid, UnitView> ById { get; }
        public Dictionary<string, UnitView> BySlug { get; }
        public Dictionary<string, UnitView> ByHost { get; }
        public UnitView? Root { get; }
        public Dictionary<Guid, IReadOnlyList<UnitView>> Children { get; }
    }
}
