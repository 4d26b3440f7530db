using System.Net;

namespace Services.Tests.Integration.Catalogue;

/// <summary>The catalogue as a visitor's browser gets it: pages, filters, downloads, and the admin area's door.</summary>
public sealed class CatalogueHttpTests(CatalogueWebApp app) : IClassFixture<CatalogueWebApp>
{
    [Fact]
    public async Task A_school_catalogue_lists_its_published_procedures_and_hides_drafts()
    {
        var html = await GetPageAsync($"/{app.SchoolSlug}/thu-tuc");

        Assert.Contains("Xin nghỉ học", html, StringComparison.Ordinal);
        Assert.Contains("Cấp bản sao học bạ", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Thủ tục nháp bí mật", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Xác nhận học sinh trường B", html, StringComparison.Ordinal);
        Assert.Contains($"/{app.SchoolSlug}/dich-vu/xin-nghi-hoc", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_filter_form_works_by_get()
    {
        var html = await GetPageAsync($"/{app.SchoolSlug}/thu-tuc?muc-do=truc-tiep");

        Assert.Contains("Cấp bản sao học bạ", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Xin nghỉ học</a>", html, StringComparison.Ordinal);
        Assert.Contains("<form method=\"get\"", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"filter-field\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_department_catalogue_adds_the_schools_online_services_by_school()
    {
        var html = await GetPageAsync($"/{app.DepartmentSlug}/thu-tuc");

        Assert.Contains("Cấp bản sao văn bằng", html, StringComparison.Ordinal);
        Assert.Contains("Trường Tiểu học Thử nghiệm A", html, StringComparison.Ordinal);
        Assert.Contains("Trường Tiểu học Thử nghiệm B", html, StringComparison.Ordinal);
        Assert.Contains("Xác nhận học sinh trường B", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Cấp bản sao học bạ", html, StringComparison.Ordinal); // offline: not an online service
        Assert.DoesNotContain("Thủ tục nháp bí mật", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_detail_page_shows_every_field_and_the_download()
    {
        var html = await GetPageAsync($"/{app.SchoolSlug}/thu-tuc/NH-01");

        foreach (var text in new[] { "Trình tự thực hiện", "Thành phần hồ sơ", "Căn cứ pháp lý", "Phí, lệ phí", "2 ngày làm việc", "Toàn trình (mức độ 4)", "Mẫu đơn xin nghỉ học" })
        {
            Assert.Contains(text, html, StringComparison.Ordinal);
        }

        Assert.Contains($"/bieu-mau/{app.PublishedFormId}", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_English_page_speaks_English()
    {
        var html = await GetPageAsync($"/en/{app.SchoolSlug}/thu-tuc");

        Assert.Contains("Procedures and forms", html, StringComparison.Ordinal);
        Assert.Contains("Fully online (level 4)", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/{school}/thu-tuc/HP-01")] // a draft
    [InlineData("/{other}/thu-tuc/NH-01")] // another school's code
    [InlineData("/khong-ton-tai/thu-tuc")] // no such unit
    public async Task Drafts_other_units_codes_and_unknown_units_are_not_found(string path)
    {
        using var response = await app.Client.GetAsync(path.Replace("{school}", app.SchoolSlug, StringComparison.Ordinal).Replace("{other}", app.OtherSchoolSlug, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_published_form_downloads_as_an_attachment_with_its_detected_type()
    {
        using var response = await app.Client.GetAsync($"/{app.SchoolSlug}/thu-tuc/NH-01/bieu-mau/{app.PublishedFormId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("Mẫu đơn xin nghỉ học.pdf", response.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal(CatalogueWebApp.FormPdf, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task A_form_is_not_served_through_a_draft_or_another_procedure()
    {
        using var draft = await app.Client.GetAsync($"/{app.SchoolSlug}/thu-tuc/HP-01/bieu-mau/{app.DraftFormId}");
        using var wrongProcedure = await app.Client.GetAsync($"/{app.SchoolSlug}/thu-tuc/HB-01/bieu-mau/{app.PublishedFormId}");
        using var wrongUnit = await app.Client.GetAsync($"/{app.OtherSchoolSlug}/thu-tuc/NH-01/bieu-mau/{app.PublishedFormId}");

        Assert.Equal(HttpStatusCode.NotFound, draft.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, wrongProcedure.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, wrongUnit.StatusCode);
    }

    [Fact]
    public async Task The_admin_catalogue_asks_an_anonymous_visitor_to_sign_in()
    {
        using var response = await app.Client.GetAsync($"/quan-tri/{app.SchoolSlug}/thu-tuc");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/tai-khoan/dang-nhap", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    private async Task<string> GetPageAsync(string path)
    {
        using var response = await app.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Razor's encoder writes non-ASCII letters as character references; compare the text a browser shows.
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }
}
