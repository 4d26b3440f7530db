using System.Net;
using Services.Tests.Integration.Infrastructure;

namespace Services.Tests.Integration.Web;

/// <summary>
/// A parent finds a school by name or ward, typed with or without diacritics, from the department's home page, and
/// signing in from a school's page comes back to it.
/// </summary>
public sealed class SchoolFinderTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private RunningPortal _portal = null!;

    public async Task InitializeAsync()
    {
        _portal = await RunningPortal.StartAsync(database.ConnectionString);
        await _portal.SeedDemoCityAsync();
    }

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Theory]
    [InlineData("Nguyễn Bỉnh Khiêm")]
    [InlineData("nguyen binh khiem")]
    [InlineData("phường Đa Kao")]
    [InlineData("da kao")]
    public async Task FindsTheSchoolByNameOrWard(string query)
    {
        var html = await GetAsync($"/tim-truong?q={Uri.EscapeDataString(query)}");

        Assert.Contains("href=\"/th-nguyen-binh-khiem\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/thcs-tran-hung-dao\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindsNothingForANameNoSchoolHasAndListsNoOffices()
    {
        var none = await GetAsync("/tim-truong?q=khong-co-truong-nay");
        var district = await GetAsync("/tim-truong?q=" + Uri.EscapeDataString("quận Bình An"));

        Assert.Contains("Tìm thấy 0 trường", none, StringComparison.Ordinal);
        Assert.Contains("href=\"/th-nguyen-binh-khiem\"", district, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/so-gd-dt\"", district, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDepartmentsHomePageHasTheFinder()
    {
        var home = await GetAsync("/");

        Assert.Contains("action=\"/tim-truong\"", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInFromASchoolPageReturnsToThatPage()
    {
        var school = await GetAsync("/th-nguyen-binh-khiem/thu-tuc");

        Assert.Contains("href=\"/tai-khoan/dang-nhap?returnUrl=%2Fth-nguyen-binh-khiem%2Fthu-tuc\"", school, StringComparison.Ordinal);
    }

    private async Task<string> GetAsync(string path)
    {
        using var response = await _portal.Client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }
}
