using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Services.Tests.Integration.Infrastructure;
using Services.Web.Setup;

namespace Services.Tests.Integration.Catalogue;

/// <summary>
/// The demo city as <c>./portal run</c> seeds it: every link on every unit's catalogue and procedure pages answers,
/// none of them with a 404 (issue 9: "Tuyển sinh vào lớp 1 → Nộp hồ sơ trực tuyến" was one at every school).
/// </summary>
public sealed partial class CatalogueLinkTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private RunningPortal _portal = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _portal = await RunningPortal.StartAsync(_database.ConnectionString);
        await _portal.SeedDemoCityAsync();
        await using var scope = _portal.Services.CreateAsyncScope();
        // As ./portal seed-demo does: the admission campaign first, so the catalogue links to the online admission.
        await scope.ServiceProvider.GetRequiredService<AdmissionsSeed>().RunAsync(CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<CatalogueSeed>().RunAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task NoLinkOfAnyCatalogueLeadsToANotFound()
    {
        var units = await UnitSlugsAsync();
        Assert.True(units.Count > 5, "the demo city should have its department, offices and schools");
        var pages = new HashSet<string>(StringComparer.Ordinal);
        foreach (var unit in units)
        {
            var catalogue = $"/{unit}/thu-tuc";
            pages.Add(catalogue);
            foreach (var link in Links(await GetOkAsync(catalogue)).Where(l => l.StartsWith($"/{unit}/thu-tuc/", StringComparison.Ordinal)))
            {
                pages.Add(link);
            }
        }

        var checkedLinks = new HashSet<string>(StringComparer.Ordinal);
        var onlineLinks = 0;
        var broken = new List<string>();
        foreach (var page in pages)
        {
            foreach (var link in Links(await GetOkAsync(page)).Where(checkedLinks.Add))
            {
                onlineLinks += link.Contains("/dich-vu/", StringComparison.Ordinal) ? 1 : 0;
                using var response = await _portal.Client.GetAsync(new Uri(link, UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    broken.Add($"{link} (on {page})");
                }
            }
        }

        Assert.True(onlineLinks > 0, "the catalogues should link to online services");
        Assert.Empty(broken);
    }

    [Fact]
    public async Task TheAdmissionIsAFullProcessProcedureLinkedToTheRealServiceWhereItIsOffered()
    {
        foreach (var unit in new[] { "th-nguyen-binh-khiem", AdmissionsSeed.OfficeSlug })
        {
            var procedure = await GetOkAsync($"/{unit}/thu-tuc/TS-01");
            Assert.Contains("Tuyển sinh đầu cấp", procedure, StringComparison.Ordinal);
            Assert.Contains("Toàn trình", procedure, StringComparison.Ordinal);
            Assert.Contains("Luật Giáo dục số 43/2019/QH14", procedure, StringComparison.Ordinal);
            Assert.Contains("xác nhận nhập học trực tuyến", procedure, StringComparison.Ordinal);
            var online = Assert.Single(Links(procedure), l => l.Contains("/dich-vu/", StringComparison.Ordinal));
            Assert.Equal($"/{unit}/dich-vu/tuyen-sinh", online);
            Assert.Contains("id=\"result-", await GetOkAsync(online + "/ket-qua"), StringComparison.Ordinal);
            Assert.Contains(Links(await GetOkAsync($"/{unit}/thu-tuc")), l => l == $"/{unit}/thu-tuc/TS-01");
        }

        // A primary school outside every campaign keeps the procedure done at the school, with no online link.
        var elsewhere = await GetOkAsync("/th-le-loi/thu-tuc/TS-01");
        Assert.Contains("Nộp trực tiếp", elsewhere, StringComparison.Ordinal);
        Assert.DoesNotContain(Links(elsewhere), l => l.Contains("/dich-vu/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OneWorkingDayIsSingularInEnglish()
    {
        var english = await GetOkAsync("/en/th-nguyen-binh-khiem/thu-tuc/NH-01");
        var vietnamese = await GetOkAsync("/th-nguyen-binh-khiem/thu-tuc/NH-01");

        Assert.Contains("1 working day<", english, StringComparison.Ordinal);
        Assert.DoesNotContain("1 working days", english, StringComparison.Ordinal);
        Assert.Contains("2 working days", await GetOkAsync("/en/th-nguyen-binh-khiem/thu-tuc/XN-01"), StringComparison.Ordinal);
        Assert.Contains("1 ngày làm việc", vietnamese, StringComparison.Ordinal);
    }

    private async Task<List<string>> UnitSlugsAsync()
    {
        await using var db = _database.CreateContext();
        return await db.Units.AsNoTracking().Select(u => u.Slug).ToListAsync();
    }

    private async Task<string> GetOkAsync(string path)
    {
        using var response = await _portal.Client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The page's own links (same site, not the static files), without fragments.</summary>
    private static IEnumerable<string> Links(string html) =>
        Href().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value).Split('#')[0])
            .Where(l => l.StartsWith('/') && !l.StartsWith("//", StringComparison.Ordinal) && !l.StartsWith("/lib/", StringComparison.Ordinal)
                && !l.StartsWith("/css/", StringComparison.Ordinal) && !l.StartsWith("/js/", StringComparison.Ordinal) && l.Length > 1)
            .Distinct(StringComparer.Ordinal);

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Href();
}
