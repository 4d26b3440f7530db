using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Services.Data;
using Services.Data.Content;
using Services.Data.Identity;
using Services.Data.Units;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Samples;
using Services.Workflows.Content;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Search;

/// <summary>
/// A unit's news, documents and disclosures in /tim-kiem on real PostgreSQL and the real portal: published through the
/// editorial workflow, found by an unaccented query and a document by its number/symbol, gone once unpublished.
/// </summary>
public sealed class ContentSearchTests(ContentSearchTests.App app) : IClassFixture<ContentSearchTests.App>
{
    private const string School = "thcs-tk-nd";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Published_news_is_found_by_an_unaccented_query_with_its_body_as_plain_text()
    {
        var news = await app.PublishAsync(ContentKind.News, new ContentDraft("thong-bao", "Thông báo lịch kiểm tra giữa kỳ môn Ngữ văn",
            "Lịch kiểm tra của khối 8.", "Học sinh **mang theo** thẻ học sinh khi vào phòng thi.\n\n- Ca sáng bắt đầu lúc 7 giờ 30"));
        var url = $"/{School}/tin-tuc/{news.Slug}";

        var html = await SearchWebApp.SearchAsync(app.Portal.Client, "/tim-kiem?q=lich+kiem+tra+ngu+van", h => SearchHttpTests.Hits(h).Contains(url), Within);

        Assert.Equal(url, SearchHttpTests.Hits(html).FirstOrDefault());
        Assert.Contains("data-kind=\"tin-tuc\"", html, StringComparison.Ordinal);
        Assert.Contains(">Tin tức (", html, StringComparison.Ordinal);
        // The body is searched as text: a word inside its markup is found, and no tag reaches the snippet.
        var body = await SearchWebApp.SearchAsync(app.Portal.Client, "/tim-kiem?q=mang+theo+the+hoc+sinh", h => SearchHttpTests.Hits(h).Contains(url), Within);
        Assert.Contains(url, SearchHttpTests.Hits(body));
        Assert.Contains("<mark>mang</mark> <mark>theo</mark>", body, StringComparison.Ordinal);
        Assert.DoesNotContain("strong", body, StringComparison.Ordinal);
        // The hit leads to the item's public page.
        Assert.Equal(HttpStatusCode.OK, (await app.Portal.Client.GetAsync(new Uri(url, UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_document_is_found_by_its_number_whole_or_in_part_with_or_without_accents()
    {
        var twelve = await app.PublishAsync(ContentKind.Document, new ContentDraft("quyet-dinh", "Quyết định ban hành kế hoạch thi nghề phổ thông",
            "Kế hoạch tổ chức thi nghề cho học sinh lớp 11.", "Điều 1. Ban hành kèm theo quyết định này kế hoạch thi nghề.",
            DocumentNumber: "12/QĐ-SGDĐT", IssuingAuthority: "Sở Giáo dục và Đào tạo", IssuedOn: new DateOnly(2026, 10, 1)));
        var thirteen = await app.PublishAsync(ContentKind.Document, new ContentDraft("quyet-dinh", "Quyết định thành lập hội đồng coi thi",
            "Hội đồng coi thi học kỳ I.", "Điều 1. Thành lập hội đồng coi thi.",
            DocumentNumber: "13/QĐ-SGDĐT", IssuingAuthority: "Sở Giáo dục và Đào tạo", IssuedOn: new DateOnly(2026, 10, 2)));
        var url12 = $"/{School}/van-ban/{twelve.Slug}";
        var url13 = $"/{School}/van-ban/{thirteen.Slug}";
        await SearchWebApp.SearchAsync(app.Portal.Client, "/tim-kiem?q=13%2FQ%C4%90-SGD%C4%90T", h => SearchHttpTests.Hits(h).Contains(url13), Within);

        foreach (var query in new[] { "12%2FQ%C4%90-SGD%C4%90T", "12%2FQ%C4%90", "12%2Fqd-sgddt" }) // 12/QĐ-SGDĐT, 12/QĐ, 12/qd-sgddt
        {
            var hits = SearchHttpTests.Hits(await SearchWebApp.SearchAsync(app.Portal.Client, $"/tim-kiem?q={query}", h => SearchHttpTests.Hits(h).Contains(url12), Within));
            Assert.Equal(url12, hits.FirstOrDefault());
            Assert.DoesNotContain(url13, hits);
        }

        // The issuing authority and the type are searchable too, and the kind facet filters to documents.
        var facet = SearchHttpTests.Hits(await SearchWebApp.SearchAsync(app.Portal.Client, "/tim-kiem?q=quyet+dinh+so+giao+duc&loai=van-ban",
            h => SearchHttpTests.Hits(h).Count >= 2, Within));
        Assert.Equal([url12, url13], facet.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_unpublished_item_is_gone_and_a_draft_is_never_found()
    {
        var disclosure = await app.PublishAsync(ContentKind.Disclosure, new ContentDraft("thu-chi", "Công khai thu chi quỹ phụ huynh học kỳ một",
            "Báo cáo thu chi.", "Tổng thu: 12.000.000 đồng.", SchoolYear: "2026-2027"));
        var url = $"/{School}/cong-khai/{disclosure.Slug}";
        var found = await SearchWebApp.SearchAsync(app.Portal.Client, "/tim-kiem?q=quy+phu+huynh", h => SearchHttpTests.Hits(h).Contains(url), Within);
        Assert.Contains(url, SearchHttpTests.Hits(found));
        Assert.Contains("data-kind=\"cong-khai\"", found, StringComparison.Ordinal);

        await app.UnpublishAsync(disclosure);
        var gone = await SearchWebApp.SearchAsync(app.Portal.Client, "/tim-kiem?q=quy+phu+huynh", h => !SearchHttpTests.Hits(h).Contains(url), Within);
        Assert.DoesNotContain(url, SearchHttpTests.Hits(gone));

        var draft = await app.DraftAsync(ContentKind.News, new ContentDraft("su-kien", "Bản nháp hội thao truyền thống", "Chưa duyệt.", "Nội dung nháp."));
        // A published item written after the draft is found, so the draft's absence is not a lagging index.
        var later = await app.PublishAsync(ContentKind.News, new ContentDraft("su-kien", "Hội thao truyền thống đã công bố", "Đã duyệt.", "Nội dung."));
        var hits = SearchHttpTests.Hits(await SearchWebApp.SearchAsync(app.Portal.Client, "/tim-kiem?q=hoi+thao+truyen+thong",
            h => SearchHttpTests.Hits(h).Contains($"/{School}/tin-tuc/{later.Slug}"), Within));
        Assert.Contains($"/{School}/tin-tuc/{later.Slug}", hits);
        Assert.DoesNotContain($"/{School}/tin-tuc/{draft.Slug}", hits);
    }

    /// <summary>A fresh database with a department and one school, and the real portal on it (polling fast), on a controlled clock.</summary>
    public sealed class App : IAsyncLifetime
    {
        private readonly ManualClock _clock = new(new DateTimeOffset(2026, 10, 5, 8, 0, 0, TimeSpan.FromHours(7)));
        private Unit _school = null!;

        public TestDatabase Database { get; } = new();
        public RunningPortal Portal { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await Database.InitializeAsync();
            await using (var db = Database.CreateContext())
            {
                var department = SearchData.Unit("so-tk-nd", UnitKind.Department, null, "Sở Giáo dục và Đào tạo Thử nghiệm", "Education Department (test)", "1 Lê Lợi");
                _school = SearchData.Unit(School, UnitKind.LowerSecondarySchool, department.Id, "Trường THCS Nguyễn Du", "Nguyen Du Lower Secondary School", "3 Pasteur");
                db.Units.AddRange(department, _school);
                await db.SaveChangesAsync();
            }

            Portal = await RunningPortal.StartAsync(Database.ConnectionString, SearchWebApp.FastPolling, replaceServices: s => s.AddSingleton<TimeProvider>(_clock));
        }

        public Task<ContentItem> DraftAsync(ContentKind kind, ContentDraft draft) => WithEditorialAsync(async (editorial, _, editor, _) =>
            await editorial.CreateAsync(_school.Id, kind, draft, editor, CancellationToken.None));

        /// <summary>Drafted, submitted and approved for now; published by the workflow's timer step.</summary>
        public Task<ContentItem> PublishAsync(ContentKind kind, ContentDraft draft) => WithEditorialAsync(async (editorial, _, editor, approver) =>
        {
            var item = await editorial.CreateAsync(_school.Id, kind, draft, editor, CancellationToken.None);
            await editorial.SubmitAsync(item, editor, CancellationToken.None);
            await editorial.ApproveAsync(item, null, approver, CancellationToken.None);
            // The portal's own timer worker may have claimed the publication timer first: wait for whichever fires it.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                await FireDueTimersAsync();
                await using var scope = Portal.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
                var status = await db.ContentItems.AsNoTracking().Where(i => i.Id == item.Id).Select(i => i.Status).SingleAsync();
                if (status == ContentStatus.Published || DateTime.UtcNow > deadline)
                {
                    Assert.Equal(ContentStatus.Published, status);
                    return item;
                }

                await Task.Delay(100);
            }
        });

        public Task UnpublishAsync(ContentItem item) => WithEditorialAsync<object?>(async (editorial, db, editor, _) =>
        {
            var current = await db.ContentItems.SingleAsync(i => i.Id == item.Id);
            await editorial.UnpublishAsync(current, editor, CancellationToken.None);
            Assert.Equal(ContentStatus.Unpublished, current.Status);
            return null;
        });

        public async Task DisposeAsync()
        {
            await Portal.DisposeAsync();
            await Database.DisposeAsync();
        }

        private async Task<T> WithEditorialAsync<T>(Func<Editorial, PortalDbContext, Actor, Actor, Task<T>> act)
        {
            await using var scope = Portal.Services.CreateAsyncScope();
            var editorial = scope.ServiceProvider.GetRequiredService<Editorial>();
            var editor = new Actor(Guid.NewGuid(), PortalRole.Editor, _school.Id, null, "Phạm Quốc Huy");
            var approver = new Actor(Guid.NewGuid(), PortalRole.Approver, _school.Id, null, "Võ Thị Mai");
            return await act(editorial, scope.ServiceProvider.GetRequiredService<PortalDbContext>(), editor, approver);
        }

        private async Task FireDueTimersAsync()
        {
            var timers = Portal.Services.GetRequiredService<TimerWorker>();
            while (await timers.RunOnceAsync(CancellationToken.None) > 0)
            {
            }
        }
    }
}
