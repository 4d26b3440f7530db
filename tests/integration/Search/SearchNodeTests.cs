using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Services.Data;
using Services.Data.Content;
using Services.Data.Identity;
using Services.Tests.Integration.Infrastructure;
using Services.Workflows.Content;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Search;

/// <summary>
/// The index as a copy of PostgreSQL, with real processes (ADR 0020): a deleted index folder is rebuilt at the next
/// start to the same hits; two nodes on one database converge within seconds; changes pruned before a node read them
/// make that node rebuild instead of missing them.
/// </summary>
public sealed class SearchNodeTests : IAsyncLifetime
{
    /// <summary>For a node's start and its first index build (the test machine is shared and slow).</summary>
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);

    /// <summary>Two nodes converge within the polling interval plus a page request; a few seconds, with room for a loaded machine.</summary>
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(10);
    private readonly TestDatabase _database = new();
    private readonly List<string> _folders = [];

    /// <summary>Accented, unaccented, a typo, a document number, a facet.</summary>
    private static readonly string[] Queries =
    [
        "/tim-kiem?q=tuyen+sinh", "/tim-kiem?q=tuy%E1%BB%83n+sinh", "/tim-kiem?q=chuyen+truogn", "/tim-kiem?q=12%2FQ%C4%90-SGD%C4%90T",
        "/tim-kiem?q=hoi+thao", "/tim-kiem?q=giay+chung+nhan&trang=2", "/tim-kiem?q=tieu+hoc&loai=don-vi",
    ];

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await using var db = _database.CreateContext();
        await SearchData.SeedAsync(db);
        var school = SearchNode.SchoolOf(db, SearchData.SchoolA);
        db.ContentItems.AddRange(
            SearchNode.Published(school, ContentKind.News, "hoi-thao", "Hội thao truyền thống mừng ngày Nhà giáo", "Các lớp thi đấu bóng đá và kéo co."),
            SearchNode.Published(school, ContentKind.Document, "qd-12", "Quyết định ban hành kế hoạch năm học", "Điều 1. Ban hành kế hoạch.", "12/QĐ-SGDĐT"));
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var folder in _folders.Where(Directory.Exists))
        {
            Directory.Delete(folder, recursive: true);
        }

        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_deleted_index_folder_is_rebuilt_at_the_next_start_and_gives_the_same_hits()
    {
        var data = Folder();
        var before = new Dictionary<string, List<string>>();
        await using (var node = await SearchNode.StartAsync(_database.ConnectionString, data))
        {
            foreach (var query in Queries)
            {
                before[query] = await node.HitsAsync(query, h => h.Count > 0, Within);
                Assert.NotEmpty(before[query]);
            }

            await node.Process.KillAsync();
        }

        Directory.Delete(Path.Combine(data, "search"), recursive: true);
        await using var again = await SearchNode.StartAsync(_database.ConnectionString, data);
        foreach (var query in Queries)
        {
            Assert.Equal(before[query], await again.HitsAsync(query, h => h.Count > 0, Within));
        }

        Assert.True(Directory.Exists(again.IndexPath));
        Assert.Equal(1, again.Process.LogLinesContaining("Search index rebuilt"));
    }

    [Fact]
    public async Task Content_published_through_the_service_is_found_on_both_nodes_within_seconds_and_its_withdrawal_too()
    {
        await using var a = await SearchNode.StartAsync(_database.ConnectionString, Folder());
        await using var b = await SearchNode.StartAsync(_database.ConnectionString, Folder());
        Assert.NotEmpty(await a.HitsAsync("/tim-kiem?q=hoi+thao", h => h.Count > 0, Within));
        Assert.NotEmpty(await b.HitsAsync("/tim-kiem?q=hoi+thao", h => h.Count > 0, Within));

        // The editorial board's service in this process: drafted, submitted, approved for now, published by the timer step.
        await using var services = PortalServices.Build(_database, Folder());
        await using var scope = services.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var editorial = scope.ServiceProvider.GetRequiredService<Editorial>();
        var school = SearchNode.SchoolOf(db, SearchData.SchoolB);
        var editor = new Actor(Guid.NewGuid(), PortalRole.Editor, school.Id, null, "Phạm Quốc Huy");
        var approver = new Actor(Guid.NewGuid(), PortalRole.Approver, school.Id, null, "Võ Thị Mai");
        var item = await editorial.CreateAsync(school.Id, ContentKind.News, new ContentDraft("su-kien", "Ngày hội đọc sách của thư viện trường",
            "Học sinh giới thiệu cuốn sách yêu thích.", "Thư viện mở cửa cả ngày."), editor, CancellationToken.None);
        await editorial.SubmitAsync(item, editor, CancellationToken.None);
        await editorial.ApproveAsync(item, null, approver, CancellationToken.None);
        var timers = scope.ServiceProvider.GetRequiredService<TimerWorker>();
        var deadline = DateTime.UtcNow + Within;
        while (await db.ContentItems.AsNoTracking().Where(i => i.Id == item.Id).Select(i => i.Status).SingleAsync() != ContentStatus.Published
               && DateTime.UtcNow < deadline)
        {
            // The nodes' own timer workers may take the step first; either way it runs once.
            await timers.RunOnceAsync(CancellationToken.None);
            await Task.Delay(100);
        }

        var url = $"/{SearchData.SchoolB}/tin-tuc/{item.Slug}";
        var published = DateTime.UtcNow;
        Assert.Contains(url, await b.HitsAsync("/tim-kiem?q=ngay+hoi+doc+sach", h => h.Contains(url), Converge));
        Assert.Contains(url, await a.HitsAsync("/tim-kiem?q=ngay+hoi+doc+sach", h => h.Contains(url), Converge));
        Assert.True(DateTime.UtcNow - published < Converge + Converge);

        await db.Entry(item).ReloadAsync();
        await editorial.UnpublishAsync(item, editor, CancellationToken.None);
        Assert.DoesNotContain(url, await b.HitsAsync("/tim-kiem?q=ngay+hoi+doc+sach", h => !h.Contains(url), Converge));
        Assert.DoesNotContain(url, await a.HitsAsync("/tim-kiem?q=ngay+hoi+doc+sach", h => !h.Contains(url), Converge));
    }

    [Fact]
    public async Task A_node_whose_position_was_pruned_rebuilds_and_misses_nothing()
    {
        var pruning = new Dictionary<string, string?> { ["Search:ChangeRetention"] = "01:00:00", ["Search:PruneInterval"] = "00:00:01" };
        var aData = Folder();
        var url = $"/{SearchData.SchoolA}/tin-tuc/le-tot-nghiep";
        await using (var a = await SearchNode.StartAsync(_database.ConnectionString, aData, pruning))
        {
            Assert.NotEmpty(await a.HitsAsync("/tim-kiem?q=hoi+thao", h => h.Count > 0, Within));
            await a.Process.KillAsync();
        }

        // While node A is away: a change, then every change is old enough to be pruned.
        await using (var db = _database.CreateContext())
        {
            db.ContentItems.Add(SearchNode.Published(SearchNode.SchoolOf(db, SearchData.SchoolA), ContentKind.News, "le-tot-nghiep",
                "Lễ tri ân và trưởng thành của học sinh lớp 5", "Buổi lễ diễn ra tại hội trường."));
            await db.SaveChangesAsync();
        }

        Assert.True(await ScalarAsync("SELECT count(*) FROM search_changes WHERE kind = 'tin-tuc'") >= 2);
        await ScalarAsync("UPDATE search_changes SET changed_at = changed_at - interval '1 day'");

        // Node B prunes them (and, being new, builds its index from the database).
        await using (var b = await SearchNode.StartAsync(_database.ConnectionString, Folder(), pruning))
        {
            var deadline = DateTime.UtcNow + Within;
            while (await ScalarAsync("SELECT count(*) FROM search_changes") > 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM search_changes"));
            Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM search_changes_pruned"));
            Assert.Contains(url, await b.HitsAsync("/tim-kiem?q=le+tri+an", h => h.Contains(url), Within));
        }

        // Node A returns with its index: the change it had not read is gone from the table, so only a rebuild finds it.
        await using var back = await SearchNode.StartAsync(_database.ConnectionString, aData, pruning);
        Assert.Contains(url, await back.HitsAsync("/tim-kiem?q=le+tri+an", h => h.Contains(url), Within));
        Assert.Equal(1, back.Process.LogLinesContaining("were pruned; rebuilding"));
        Assert.NotEmpty(await back.HitsAsync("/tim-kiem?q=hoi+thao", h => h.Count > 0, Within));
    }

    private string Folder()
    {
        var folder = SearchNode.NewDataPath();
        _folders.Add(folder);
        return folder;
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync() is long value ? value : 0;
    }
}
