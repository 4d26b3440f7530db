using System.Text.RegularExpressions;
using Services.Data.Catalogue;

namespace Services.Tests.Integration.Search;

/// <summary>/tim-kiem over HTTP on real PostgreSQL: accents both ways, typos, ranking, facets, paging, encoding, and tailing.</summary>
public sealed partial class SearchHttpTests(SearchWebApp app) : IClassFixture<SearchWebApp>
{
    private HttpClient Client => app.Portal.Client;

    [Fact]
    public async Task An_unaccented_query_finds_accented_text_and_an_accented_query_finds_unaccented_text()
    {
        var hits = Hits(await ReadyAsync("/tim-kiem?q=tuyen+sinh"));
        Assert.Contains($"/{SearchData.SchoolA}/thu-tuc/TS-01", hits);
        Assert.Contains($"/{SearchData.SchoolB}/thu-tuc/TS-02", hits);

        var reverse = Hits(await ReadyAsync("/tim-kiem?q=b%E1%BB%95+sung")); // "bổ sung"
        Assert.Equal([$"/{SearchData.SchoolB}/thu-tuc/TS-02"], reverse);
    }

    [Fact]
    public async Task The_same_accents_rank_first_and_matches_are_marked()
    {
        var html = await ReadyAsync("/tim-kiem?q=tuy%E1%BB%83n+sinh"); // "tuyển sinh"
        var hits = Hits(html);

        Assert.True(hits.IndexOf($"/{SearchData.SchoolA}/thu-tuc/TS-01") is >= 0 and var accented
            && hits.IndexOf($"/{SearchData.SchoolB}/thu-tuc/TS-02") is var plain && accented < plain, string.Join(", ", hits));
        Assert.Contains("<mark>Tuyển</mark> <mark>sinh</mark> lớp 1", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_typo_still_finds_the_procedure()
    {
        var hits = Hits(await ReadyAsync("/tim-kiem?q=chuyen+truogn"));

        // The procedure and the school's online transfer service (a registered service every school offers).
        Assert.Contains($"/{SearchData.SchoolB}/thu-tuc/CT-01", hits);
        Assert.Contains($"/{SearchData.SchoolB}/dich-vu/chuyen-truong", hits);
    }

    [Fact]
    public async Task Script_in_a_title_is_shown_as_text()
    {
        var html = await ReadyAsync("/tim-kiem?q=script+alert");

        Assert.Contains($"/{SearchData.SchoolA}/thu-tuc/XSS-01", Hits(html));
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Contains("&lt;<mark>script</mark>&gt;<mark>alert</mark>(1)&lt;/<mark>script</mark>&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Results_are_paged_without_repeats()
    {
        var pages = new List<IReadOnlyList<string>>();
        for (var page = 1; page <= 3; page++)
        {
            pages.Add(Hits(await ReadyAsync($"/tim-kiem?q=giay+chung+nhan+hoan+thanh&trang={page}")));
        }

        Assert.Equal([10, 10, SearchData.Certificates - 20], pages.Select(p => p.Count));
        Assert.Equal(SearchData.Certificates, pages.SelectMany(p => p).Distinct().Count());
        Assert.Contains($"Tìm thấy {SearchData.Certificates} kết quả", await ReadyAsync("/tim-kiem?q=giay+chung+nhan+hoan+thanh"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Facets_count_by_kind_and_unit_and_filter()
    {
        var all = await ReadyAsync("/tim-kiem?q=tieu+hoc");
        Assert.Contains("data-kind=\"don-vi\"", all, StringComparison.Ordinal);
        Assert.Contains($"data-unit=\"{SearchData.SchoolA}\"", all, StringComparison.Ordinal);

        var units = Hits(await ReadyAsync("/tim-kiem?q=tieu+hoc&loai=don-vi"));
        Assert.Equal([$"/{SearchData.SchoolA}", $"/{SearchData.SchoolB}"], units.Order());

        var onlyA = await ReadyAsync($"/tim-kiem?q=tuyen+sinh&don-vi={SearchData.SchoolA}");
        Assert.Equal([$"/{SearchData.SchoolA}/thu-tuc/TS-01"], Hits(onlyA));
        // The unit facet still counts the other school's hit, so the visitor sees what switching would give.
        Assert.Matches($"data-unit=\"{SearchData.SchoolB}\"[^>]*>[^<]*\\(1\\)", onlyA);
    }

    [Fact]
    public async Task Drafts_are_not_found_and_no_result_says_so_in_Vietnamese()
    {
        var html = await ReadyAsync("/tim-kiem?q=nhap+chua+cong+bo");

        Assert.Empty(Hits(html));
        Assert.Contains("Không tìm thấy kết quả nào cho “nhap chua cong bo”", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_English_page_searches_English_texts()
    {
        await ReadyAsync("/tim-kiem?q=tuyen+sinh");
        var html = await SearchWebApp.SearchAsync(Client, "/en/tim-kiem?q=admission", h => Hits(h).Count > 0);

        Assert.Contains("<html lang=\"en\"", html, StringComparison.Ordinal);
        Assert.Contains($"/en/{SearchData.SchoolA}/thu-tuc/TS-01", html, StringComparison.Ordinal);
        Assert.Contains("<mark>admission</mark>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_page_has_a_labelled_search_box()
    {
        using var response = await Client.GetAsync(new Uri($"/{SearchData.SchoolA}/thu-tuc", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Matches("<form method=\"get\" action=\"/tim-kiem\" role=\"search\" aria-label=\"[^\"]+\"", html);
        Assert.Contains("<label for=\"site-search-q\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_in_the_database_is_found_within_seconds_and_a_withdrawal_disappears()
    {
        await ReadyAsync("/tim-kiem?q=tuyen+sinh");
        Procedure swimming;
        await using (var db = app.Database.CreateContext())
        {
            var school = db.Units.Single(u => u.Slug == SearchData.SchoolA);
            swimming = SearchData.Procedure(school, "HB-09", "Đăng ký học bơi mùa hè", null);
            db.Procedures.Add(swimming);
            await db.SaveChangesAsync();
        }

        var url = $"/{SearchData.SchoolA}/thu-tuc/HB-09";
        var found = await SearchWebApp.SearchAsync(Client, "/tim-kiem?q=hoc+boi", h => Hits(h).Contains(url), TimeSpan.FromSeconds(10));
        Assert.Contains(url, Hits(found));

        await using (var db = app.Database.CreateContext())
        {
            var row = await db.Procedures.FindAsync(swimming.Id);
            row!.IsPublished = false;
            await db.SaveChangesAsync();
        }

        var gone = await SearchWebApp.SearchAsync(Client, "/tim-kiem?q=hoc+boi", h => !Hits(h).Contains(url), TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(url, Hits(gone));
    }

    /// <summary>The page once the index built at start answers (every test's data is seeded before the portal starts).</summary>
    private async Task<string> ReadyAsync(string pathAndQuery)
    {
        await SearchWebApp.SearchAsync(Client, "/tim-kiem?q=tuyen+sinh", h => Hits(h).Contains($"/{SearchData.SchoolA}/thu-tuc/TS-01"));
        using var response = await Client.GetAsync(new Uri(pathAndQuery, UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    internal static List<string> Hits(string html) => HitLink().Matches(html).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex("<h3 class=\"h5 mb-1\"><a href=\"([^\"]+)\"")]
    private static partial Regex HitLink();
}
