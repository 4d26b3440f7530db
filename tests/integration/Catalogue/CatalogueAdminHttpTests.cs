using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Services.Data.Identity;

namespace Services.Tests.Integration.Catalogue;

/// <summary>The unit admin's catalogue pages over HTTP: scoping to the unit, create / publish, bad input and uploads.</summary>
public sealed partial class CatalogueAdminHttpTests(CatalogueWebApp app) : IClassFixture<CatalogueWebApp>
{
    [Fact]
    public async Task The_admin_list_shows_drafts_to_the_units_admin()
    {
        using var admin = app.ClientAs(app.SchoolId, PortalRole.UnitAdmin);

        var html = await ReadAsync(await admin.GetAsync($"/quan-tri/{app.SchoolSlug}/thu-tuc"));

        Assert.Contains("Thủ tục nháp bí mật", html, StringComparison.Ordinal);
        Assert.Contains("Chưa công bố", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_schools_admin_and_staff_are_refused()
    {
        using var otherAdmin = app.ClientAs(app.OtherSchoolId, PortalRole.UnitAdmin);
        using var staff = app.ClientAs(app.SchoolId, PortalRole.Staff);

        using var byOtherAdmin = await otherAdmin.GetAsync($"/quan-tri/{app.SchoolSlug}/thu-tuc");
        using var byStaff = await staff.GetAsync($"/quan-tri/{app.SchoolSlug}/thu-tuc");

        Assert.Equal(HttpStatusCode.Forbidden, byOtherAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byStaff.StatusCode);
    }

    [Fact]
    public async Task An_admin_cannot_publish_another_schools_procedure_through_their_own_unit()
    {
        using var admin = app.ClientAs(app.SchoolId, PortalRole.UnitAdmin);
        var token = await TokenAsync(admin, $"/quan-tri/{app.SchoolSlug}/thu-tuc");

        using var response = await admin.PostAsync(
            $"/quan-tri/{app.SchoolSlug}/thu-tuc?handler=Unpublish&id={app.OtherSchoolProcedureId}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await using var db = app.CreateContext();
        Assert.True((await db.Procedures.SingleAsync(p => p.Id == app.OtherSchoolProcedureId)).IsPublished);
    }

    [Fact]
    public async Task A_new_procedure_is_a_draft_until_published_and_its_text_is_shown_encoded()
    {
        using var admin = app.ClientAs(app.SchoolId, PortalRole.UnitAdmin);
        var newPage = $"/quan-tri/{app.SchoolSlug}/thu-tuc/moi";
        var token = await TokenAsync(admin, newPage);

        using var created = await admin.PostAsync(newPage, new FormUrlEncodedContent(ValidInput(token, "PK-09", "Phúc khảo <script>alert(1)</script>")));

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Guid id;
        await using (var db = app.CreateContext())
        {
            var procedure = await db.Procedures.SingleAsync(p => p.UnitId == app.SchoolId && p.Code == "PK-09");
            Assert.False(procedure.IsPublished);
            Assert.Equal(["Bước một", "Bước hai"], procedure.StepsVi);
            id = procedure.Id;
        }

        using (var hidden = await app.Client.GetAsync($"/{app.SchoolSlug}/thu-tuc/PK-09"))
        {
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        }

        var listToken = await TokenAsync(admin, $"/quan-tri/{app.SchoolSlug}/thu-tuc");
        using var published = await admin.PostAsync($"/quan-tri/{app.SchoolSlug}/thu-tuc?handler=Publish&id={id}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = listToken }));
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);

        using var page = await app.Client.GetAsync($"/{app.SchoolSlug}/thu-tuc/PK-09");
        var raw = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("<script>alert(1)</script>", raw, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_procedure_page_shows_who_applies_who_decides_the_result_the_conditions_and_the_sets()
    {
        using var admin = app.ClientAs(app.SchoolId, PortalRole.UnitAdmin);
        var newPage = $"/quan-tri/{app.SchoolSlug}/thu-tuc/moi";
        var input = ValidInput(await TokenAsync(admin, newPage), "CT-07", "Chuyển trường có điều kiện");
        input["Input.OnlineServiceSlug"] = "";
        input["Input.Applicants"] = "Cha mẹ học sinh lớp 1 đến lớp 5";
        input["Input.Agency"] = "Hiệu trưởng trường nơi chuyển đến";
        input["Input.Result"] = "Quyết định tiếp nhận học sinh";
        input["Input.Requirements"] = "Còn chỗ trong lớp\r\nCó giấy giới thiệu";
        input["Input.DossierSets"] = "2";
        using var created = await admin.PostAsync(newPage, new FormUrlEncodedContent(input));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Guid id;
        await using (var db = app.CreateContext())
        {
            var saved = await db.Procedures.SingleAsync(p => p.UnitId == app.SchoolId && p.Code == "CT-07");
            Assert.Equal(("Hiệu trưởng trường nơi chuyển đến", "Còn chỗ trong lớp\nCó giấy giới thiệu", 2), (saved.AgencyVi, saved.RequirementsVi, saved.DossierSets));
            id = saved.Id;
        }

        var editor = await ReadAsync(await admin.GetAsync($"/quan-tri/{app.SchoolSlug}/thu-tuc/{id}"));
        Assert.Contains("Quyết định tiếp nhận học sinh</textarea>", editor, StringComparison.Ordinal);
        var listToken = await TokenAsync(admin, $"/quan-tri/{app.SchoolSlug}/thu-tuc");
        using var published = await admin.PostAsync($"/quan-tri/{app.SchoolSlug}/thu-tuc?handler=Publish&id={id}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = listToken }));
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);

        var page = await ReadAsync(await app.Client.GetAsync($"/{app.SchoolSlug}/thu-tuc/CT-07"));
        foreach (var text in new[]
                 {
                     "Đối tượng thực hiện", "Cha mẹ học sinh lớp 1 đến lớp 5", "Cơ quan thực hiện", "Hiệu trưởng trường nơi chuyển đến",
                     "Kết quả thực hiện", "Quyết định tiếp nhận học sinh", "Yêu cầu, điều kiện thực hiện", "<li>Còn chỗ trong lớp</li>",
                     "<li>Có giấy giới thiệu</li>", "Số lượng hồ sơ", "02 bộ",
                 })
        {
            Assert.Contains(text, page, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Applicants", "", "Vui lòng nhập Đối tượng thực hiện")]
    [InlineData("DossierSets", "0", "Số lượng hồ sơ phải là một số từ 1 đến 20.")]
    [InlineData("Code", "", "Vui lòng nhập")]
    [InlineData("Code", "../../x", "Mã thủ tục chỉ gồm")]
    [InlineData("NameVi", "100k", "dài quá 300 ký tự")]
    [InlineData("OnlineServiceSlug", "Xin Nghỉ", "không có trong các dịch vụ đang mở")]
    [InlineData("OnlineServiceSlug", "tuyen-sinh", "không có trong các dịch vụ đang mở")] // well-formed, but no such service
    [InlineData("OnlineServiceSlug", "xac-nhan-hoc-sinh", "không có trong các dịch vụ đang mở")] // another school's service
    [InlineData("ProcessingDays", "mười", "Thời hạn giải quyết phải là")]
    public async Task Bad_input_gets_a_Vietnamese_message_and_stores_nothing(string field, string value, string message)
    {
        using var admin = app.ClientAs(app.SchoolId, PortalRole.UnitAdmin);
        var newPage = $"/quan-tri/{app.SchoolSlug}/thu-tuc/moi";
        var token = await TokenAsync(admin, newPage);
        var code = "BAD-" + field;
        var input = ValidInput(token, code, "Thủ tục lỗi");
        input[$"Input.{field}"] = value == "100k" ? new string('x', 100_000) : value;
        await using var db = app.CreateContext();
        var before = await db.Procedures.CountAsync();

        using var response = await admin.PostAsync(newPage, new FormUrlEncodedContent(input));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, await ReadAsync(response), StringComparison.Ordinal);
        Assert.Equal(before, await db.Procedures.CountAsync());
    }

    [Fact]
    public async Task Bytes_that_are_not_UTF8_are_kept_as_harmless_text_not_a_server_error()
    {
        using var admin = app.ClientAs(app.SchoolId, PortalRole.UnitAdmin);
        var newPage = $"/quan-tri/{app.SchoolSlug}/thu-tuc/moi";
        var token = await TokenAsync(admin, newPage);
        using var valid = new FormUrlEncodedContent(ValidInput(token, "UTF-01", "Thủ tục"));
        var form = (await valid.ReadAsStringAsync()).Replace("Input.Submission=N%E1%BB%99p+tr%E1%BB%B1c+tuy%E1%BA%BFn", "Input.Submission=%FF%FE%C3%28", StringComparison.Ordinal);
        Assert.Contains("%FF%FE", form, StringComparison.Ordinal);

        using var response = await admin.PostAsync(newPage, new StringContent(form, System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var db = app.CreateContext();
        var stored = (await db.Procedures.SingleAsync(p => p.UnitId == app.SchoolId && p.Code == "UTF-01")).SubmissionVi;
        // ASP.NET Core leaves undecodable escapes as they were; what is stored is well-formed text.
        Assert.Equal("%FF%FE%C3(", stored);
        Assert.Equal(stored, System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(stored)));
    }

    [Fact]
    public async Task A_duplicate_code_is_refused_with_a_message()
    {
        using var admin = app.ClientAs(app.SchoolId, PortalRole.UnitAdmin);
        var newPage = $"/quan-tri/{app.SchoolSlug}/thu-tuc/moi";
        var token = await TokenAsync(admin, newPage);

        using var response = await admin.PostAsync(newPage, new FormUrlEncodedContent(ValidInput(token, "NH-01", "Trùng mã")));

        Assert.Contains("Mã NH-01 đã được dùng", await ReadAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_executable_named_pdf_is_refused_and_a_real_pdf_becomes_a_downloadable_form()
    {
        using var admin = app.ClientAs(app.SchoolId, PortalRole.UnitAdmin);
        Guid procedureId;
        await using (var db = app.CreateContext())
        {
            procedureId = (await db.Procedures.SingleAsync(p => p.UnitId == app.SchoolId && p.Code == "HB-01")).Id;
        }

        var editPage = $"/quan-tri/{app.SchoolSlug}/thu-tuc/{procedureId}";
        var token = await TokenAsync(admin, editPage);

        using var refused = await admin.PostAsync(editPage + "?handler=Upload",
            Upload(token, "Mẫu đơn", "mau-don.pdf", [.. "MZ"u8, 0x90, 0x00, .. "This program cannot be run in DOS mode."u8]));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var refusedPage = await ReadAsync(refused);
        Assert.Contains("chương trình hoặc tập lệnh", refusedPage, StringComparison.Ordinal);
        Assert.Contains("tối đa 10 MB", refusedPage, StringComparison.Ordinal); // the help text states the configured limit

        using var accepted = await admin.PostAsync(editPage + "?handler=Upload",
            Upload(token, "Mẫu đơn cấp bản sao", "..\\..\\Đơn cấp bản sao.pdf", CatalogueWebApp.FormPdf));
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);

        await using var check = app.CreateContext();
        var form = await check.ProcedureForms.SingleAsync(f => f.ProcedureId == procedureId);
        Assert.Equal("Đơn cấp bản sao.pdf", form.FileName);
        Assert.Equal("application/pdf", form.ContentType);
        using var download = await app.Client.GetAsync($"/{app.SchoolSlug}/thu-tuc/HB-01/bieu-mau/{form.Id}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(CatalogueWebApp.FormPdf, await download.Content.ReadAsByteArrayAsync());
    }

    private static Dictionary<string, string> ValidInput(string token, string code, string name) => new()
    {
        ["__RequestVerificationToken"] = token,
        ["Input.Code"] = code,
        ["Input.NameVi"] = name,
        ["Input.FieldVi"] = "Khảo thí và đánh giá",
        ["Input.Level"] = "Partial",
        ["Input.OnlineServiceSlug"] = "phuc-khao-bai-kiem-tra",
        ["Input.ProcessingDays"] = "5",
        ["Input.SortOrder"] = "0",
        ["Input.Steps"] = "Bước một\r\n\r\nBước hai\r\n",
        ["Input.Components"] = "Đơn đề nghị phúc khảo",
        ["Input.Submission"] = "Nộp trực tuyến",
        ["Input.HandlerName"] = "Tổ chuyên môn",
        ["Input.HandlerContact"] = "028 0000 0000",
        ["Input.Fees"] = "Không",
        ["Input.LegalBasis"] = "Thông tư 22/2021/TT-BGDĐT",
        ["Input.Applicants"] = "Học sinh của trường",
        ["Input.Agency"] = "Trường Tiểu học Thử nghiệm A",
        ["Input.Result"] = "Thông báo kết quả phúc khảo",
        ["Input.DossierSets"] = "1",
    };

    private static MultipartFormDataContent Upload(string token, string title, string fileName, byte[] bytes)
    {
        var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(title), "UploadTitle" },
        };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        content.Add(file, "Upload", fileName);
        return content;
    }

    private static async Task<string> TokenAsync(HttpClient client, string path)
    {
        var html = await ReadAsync(await client.GetAsync(path));
        return TokenPattern().Match(html) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException($"No antiforgery token on {path}");
    }

    private static async Task<string> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
