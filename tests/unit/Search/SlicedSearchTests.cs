using Microsoft.Extensions.Configuration;
using Services.Web.Search;

namespace Services.Tests.Unit.Search;

/// <summary>
/// A search run in several slices of the documents on several threads (ADR 0034) gives what one pass over the whole
/// index gives: the same hits in the same order (equal scores included), the same total and the same facet counts.
/// </summary>
public sealed class SlicedSearchTests : IDisposable
{
    private static readonly string[] Titles =
    [
        "Thông báo tuyển sinh lớp 1", "Thông báo tuyển sinh lớp 6", "Trao học bổng cho học sinh vượt khó", "Kết quả kỳ thi học sinh giỏi",
        "Công văn hướng dẫn chuyển trường", "Hội thao truyền thống", "Thong bao tuyen sinh lop 10",
    ];

    private static readonly string[] Sentences =
    [
        "Học sinh tham gia đầy đủ và đúng giờ.", "Hồ sơ gồm đơn đăng ký và giấy khai sinh.", "Việc chuyển trường thực hiện theo hướng dẫn.",
        "Phụ huynh đăng ký trực tuyến.", "Kinh phí được sử dụng đúng mục đích.",
    ];

    private static readonly string[] Kinds = ["tin-tuc", "van-ban", "cong-khai"];

    private static readonly Guid[] Units = [Guid.Parse("8a0f0e3e-0000-4000-8000-000000000001"), Guid.Parse("8a0f0e3e-0000-4000-8000-000000000002"), Guid.Parse("8a0f0e3e-0000-4000-8000-000000000003")];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "portal-search-" + Guid.NewGuid().ToString("N"));
    private readonly SearchIndex _index;

    public SlicedSearchTests()
    {
        _index = new SearchIndex(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Portal:DataPath"] = _folder }).Build());
        // Three commits: three segments, which the slices below cut across and within.
        for (var batch = 0; batch < 3; batch++)
        {
            for (var i = 0; i < 240; i++)
            {
                var n = (batch * 240) + i;
                var title = Titles[n % Titles.Length];
                var text = string.Join(' ', Enumerable.Range(0, 1 + (n % 3)).Select(k => Sentences[(n + k) % Sentences.Length]));
                var language = n % 10 == 9 ? "en" : "vi";
                _index.Add(Kinds[n % Kinds.Length], new SearchItem($"k{n}", n % 4 == 3 ? null : Units[n % Units.Length], title, text, $"/item/{n}", language, null));
            }

            _index.Commit(new ChangeCursor(1, batch));
        }
    }

    public static TheoryData<string, string?, int, int> Requests => new()
    {
        { "tuyển sinh", null, 0, 1 },
        { "tuyen sinh", null, 0, 3 },
        { "học sinh", null, 0, 2 },
        { "hoc sinh", "van-ban", 0, 1 },
        { "hoc sinh", null, 2, 4 },
        { "chuyen truogn", null, 0, 1 },
        { "thong bao", "tin-tuc", 1, 2 },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void Slices_on_several_threads_give_the_hits_totals_and_facets_of_one_pass(string text, string? kind, int unit, int page)
    {
        var request = new SearchRequest(text, "vi", kind, unit == 0 ? null : Units[unit - 1], page);
        var whole = new SiteSearch(_index, new DocumentSlices(1, 1)).Search(request);
        var sliced = new SiteSearch(_index, new DocumentSlices(4, 1)).Search(request);

        Assert.Equal(10, whole.Hits.Count);
        Assert.Equal(whole.Hits.Select(h => h.Url), sliced.Hits.Select(h => h.Url));
        Assert.Equal(whole.Hits.Select(h => h.TitleHtml), sliced.Hits.Select(h => h.TitleHtml));
        Assert.Equal(whole.Total, sliced.Total);
        Assert.Equal(whole.Kinds.OrderBy(k => k.Key), sliced.Kinds.OrderBy(k => k.Key));
        Assert.Equal(whole.Units.OrderBy(u => u.Key), sliced.Units.OrderBy(u => u.Key));
    }

    [Fact]
    public void Slices_cover_every_document_once_in_order_cutting_across_and_within_segments()
    {
        var (segments, slices) = _index.Search(s => (s.IndexReader.Leaves.Count, new DocumentSlices(4, 1).Of(s.IndexReader)));

        Assert.Equal(3, segments);
        Assert.Equal(4, slices.Count);
        var documents = slices.SelectMany(slice => slice.SelectMany(r => Enumerable.Range(r.Segment.DocBase + r.From, r.To - r.From))).ToList();
        Assert.Equal(Enumerable.Range(0, 720), documents);
        Assert.All(slices, slice => Assert.Equal(180, slice.Sum(r => r.To - r.From)));
        Assert.Contains(slices, slice => slice.Count > 1);
    }

    [Fact]
    public void A_small_index_is_one_slice_and_no_more_slices_than_allowed()
    {
        Assert.Single(_index.Search(s => new DocumentSlices(2, 10_000).Of(s.IndexReader)));
        Assert.Equal(2, _index.Search(s => new DocumentSlices(2, 300).Of(s.IndexReader)).Count);
        Assert.Equal(7, _index.Search(s => new DocumentSlices(8, 100).Of(s.IndexReader)).Count);
    }

    public void Dispose()
    {
        _index.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
