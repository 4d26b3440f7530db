using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Services.Data;
using Services.Tests.Integration.Exams;
using Services.Tests.Integration.Infrastructure;
using Services.Web.ImportApi;

namespace Services.Tests.Integration.ImportApi;

/// <summary>
/// The import API through the running portal on real PostgreSQL (ADR 0022): a registered client gets a token with the
/// client-credentials grant and imports with it; the scope, the client's units and its being active are checked on
/// every call; a bad file is reported row by row and changes nothing; a corrected file updates without duplicates.
/// </summary>
public sealed class ImportApiHttpTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string Results = """
        so_bao_danh,ho_ten,ngay_sinh,truong,phong_thi,Toán,Ngữ văn
        01000001,Nguyễn Văn An,05/03/2009,THPT Lê Quý Đôn,P01,8.25,7.5
        01000002,Trần Thị Bình,2009-11-30,THPT Lê Quý Đôn,P01,9,
        """;

    private const string Registry = """
        so_hieu,so_vao_so,ho_ten,ngay_sinh,loai,xep_loai,nam,ngay_cap,nguoi_ky
        TN2027-100001,0001,Nguyễn Văn An,05/03/2009,Bằng tốt nghiệp THPT,Khá,2027,15/07/2027,Trần Văn Giám
        """;

    [Fact]
    public async Task AClientGetsATokenImportsAndAReImportUpdatesWithoutDuplicates()
    {
        await using var setup = await StartAsync();
        var (clientId, secret) = await RegisterAsync(setup.Portal, "Hệ thống quản lý thi", [ImportScopes.Exams, ImportScopes.Certificates], setup.A.UnitId);
        using var http = setup.Portal.NewClient();

        using var tokenResponse = await RequestTokenAsync(http, clientId, secret, "exams.import certificates.import");
        Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
        using var token = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync());
        Assert.Equal("Bearer", token.RootElement.GetProperty("token_type").GetString());
        var accessToken = token.RootElement.GetProperty("access_token").GetString()!;
        Assert.True(token.RootElement.GetProperty("expires_in").GetInt32() is > 0 and <= 1800);

        using (var first = await ImportExamAsync(http, accessToken, setup.ASlug, setup.A.ExamId, Results))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal((2, 2, 0), await CountsAsync(first));
        }

        using (var same = await ImportExamAsync(http, accessToken, setup.ASlug, setup.A.ExamId, Results))
        {
            Assert.Equal((2, 0, 0), await CountsAsync(same));
        }

        using (var corrected = await ImportExamAsync(http, accessToken, setup.ASlug, setup.A.ExamId, Results.Replace("8.25", "8.5", StringComparison.Ordinal)))
        {
            Assert.Equal((2, 0, 1), await CountsAsync(corrected));
        }

        await using (var db = database.CreateContext())
        {
            var rows = await db.ExamCandidates.Where(c => c.ExamId == setup.A.ExamId).OrderBy(c => c.Number).ToListAsync();
            Assert.Equal(["01000001", "01000002"], rows.Select(r => r.Number));
            Assert.Equal(8.5m, rows[0].Scores["Toán"]);
        }

        // The same token's other scope: the unit's certificate registry, sent as the raw body this time.
        using var certificates = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/units/{setup.ASlug}/certificates")
        {
            Content = new StringContent(Registry, System.Text.Encoding.UTF8, "text/csv"),
        };
        certificates.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var imported = await http.SendAsync(certificates);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal((1, 1, 0), await CountsAsync(imported));
        await using (var db = database.CreateContext())
        {
            Assert.Equal(1, await db.Certificates.CountAsync(c => c.UnitId == setup.A.UnitId && c.Serial == "TN2027-100001"));
        }
    }

    [Fact]
    public async Task ATokenWithoutTheScopeOrForAnotherUnitIsRefusedAndNothingIsWritten()
    {
        await using var setup = await StartAsync();
        var (certOnly, certSecret) = await RegisterAsync(setup.Portal, "Hệ thống văn bằng", [ImportScopes.Certificates], setup.A.UnitId);
        var (examsOfA, examsSecret) = await RegisterAsync(setup.Portal, "Quản lý thi của đơn vị A", [ImportScopes.Exams], setup.A.UnitId);
        using var http = setup.Portal.NewClient();

        // A scope the client was not given is not issued at all.
        using (var refused = await RequestTokenAsync(http, certOnly, certSecret, "exams.import"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("invalid_scope", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // A certificates token on the exams endpoint: 403.
        var certToken = await TokenAsync(http, certOnly, certSecret, "certificates.import");
        using (var wrongScope = await ImportExamAsync(http, certToken, setup.ASlug, setup.A.ExamId, Results))
        {
            Assert.Equal(HttpStatusCode.Forbidden, wrongScope.StatusCode);
            Assert.Equal("application/problem+json", wrongScope.Content.Headers.ContentType?.MediaType);
            Assert.Contains("phạm vi", await wrongScope.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // A client of unit A importing into unit B's exam, or naming B with A's exam: 403; an unknown unit answers alike.
        var examsToken = await TokenAsync(http, examsOfA, examsSecret, null);
        foreach (var (unit, exam) in new[] { (setup.BSlug, setup.B.ExamId), (setup.BSlug, setup.A.ExamId), ("khong-co-don-vi", setup.A.ExamId) })
        {
            using var otherUnit = await ImportExamAsync(http, examsToken, unit, exam, Results);
            Assert.Equal(HttpStatusCode.Forbidden, otherUnit.StatusCode);
            Assert.Contains("không được nhập dữ liệu vào đơn vị này", await otherUnit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Unit A's client may name its own unit but not another unit's exam under it.
        using (var foreignExam = await ImportExamAsync(http, examsToken, setup.ASlug, setup.B.ExamId, Results))
        {
            Assert.Equal(HttpStatusCode.NotFound, foreignExam.StatusCode);
        }

        await using var db = database.CreateContext();
        Assert.Equal(0, await db.ExamCandidates.CountAsync(c => c.ExamId == setup.A.ExamId || c.ExamId == setup.B.ExamId));
    }

    [Fact]
    public async Task WithoutAValidTokenTheApiAnswers401AndASignInCookieDoesNotCount()
    {
        await using var setup = await StartAsync();
        await setup.Portal.SeedDemoCityAsync();
        using var http = setup.Portal.NewClient();
        using (var none = await ImportExamAsync(http, null, setup.ASlug, setup.A.ExamId, Results))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
            Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Bearer", none.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        using (var forged = await ImportExamAsync(http, "khong-phai-ma-truy-cap", setup.ASlug, setup.A.ExamId, Results))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        }

        // A system administrator's signed-in session opens every page, but not the API.
        using var admin = new Security.Visitor(setup.Portal);
        var key = await Security.Visitor.Setup.EnableTwoFactorAsync(setup.Portal, "quantri@demo.edu.vn");
        await admin.SignInAsStaffAsync("quantri@demo.edu.vn", key, setup.A.Clock.GetUtcNow());
        using var withCookie = await admin.Http.PostAsync(new Uri($"/api/v1/units/{setup.ASlug}/exams/{setup.A.ExamId}/results", UriKind.Relative),
            new StringContent(Results, System.Text.Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.Unauthorized, withCookie.StatusCode);

        await using var db = database.CreateContext();
        Assert.Equal(0, await db.ExamCandidates.CountAsync(c => c.ExamId == setup.A.ExamId));
    }

    [Fact]
    public async Task AFileWithBadRowsIsReportedRowByRowInVietnameseAndChangesNothing()
    {
        await using var setup = await StartAsync();
        var (clientId, secret) = await RegisterAsync(setup.Portal, "Hệ thống quản lý thi", [ImportScopes.Exams], setup.A.UnitId);
        using var http = setup.Portal.NewClient();
        var token = await TokenAsync(http, clientId, secret, "exams.import");
        using (var good = await ImportExamAsync(http, token, setup.ASlug, setup.A.ExamId, Results))
        {
            Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        }

        var bad = Results.Replace("8.25", "11", StringComparison.Ordinal) + "\n01000003,,31/02/2009,THPT Nguyễn Du,P02,5,5\n01000004,Vũ Hà,05/05/2009,THPT Nguyễn Du,P03,4,4";
        using var refused = await ImportExamAsync(http, token, setup.ASlug, setup.A.ExamId, bad);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        using var report = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("Tệp có dòng không hợp lệ; không dòng nào được ghi.", report.RootElement.GetProperty("title").GetString());
        var problems = report.RootElement.GetProperty("problems").EnumerateArray()
            .Select(p => (p.GetProperty("line").GetInt32(), p.GetProperty("column").GetString(), p.GetProperty("reason").GetString(), p.GetProperty("message").GetString()))
            .OrderBy(p => p.Item1).ThenBy(p => p.Item2, StringComparer.Ordinal).ToList();
        Assert.Equal(
            [
                (2, "Toán", "InvalidScore", "Điểm phải từ 0 đến 10, tối đa hai chữ số thập phân"),
                (4, "ho_ten", "Required", "Chưa có giá trị"),
                (4, "ngay_sinh", "InvalidDate", "Ngày không hợp lệ (dd/MM/yyyy)"),
            ],
            problems);

        await using var db = database.CreateContext();
        var rows = await db.ExamCandidates.Where(c => c.ExamId == setup.A.ExamId).OrderBy(c => c.Number).ToListAsync();
        Assert.Equal(["01000001", "01000002"], rows.Select(r => r.Number));
        Assert.Equal(8.25m, rows[0].Scores["Toán"]);
    }

    [Fact]
    public async Task ADeactivatedClientGetsNoTokenAndItsTokenIsRefused()
    {
        await using var setup = await StartAsync();
        var (clientId, secret) = await RegisterAsync(setup.Portal, "Hệ thống cũ", [ImportScopes.Exams], setup.A.UnitId);
        using var http = setup.Portal.NewClient();
        var token = await TokenAsync(http, clientId, secret, null);

        using (var wrongSecret = await RequestTokenAsync(http, clientId, secret + "x", null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode); // RFC 6749 §5.2: invalid_client is a 401
            Assert.Contains("invalid_client", await wrongSecret.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await using (var db = database.CreateContext())
        {
            Assert.Equal(1, await db.ApiClients.Where(c => c.ClientId == clientId).ExecuteUpdateAsync(s => s.SetProperty(c => c.Active, false)));
        }

        using (var again = await RequestTokenAsync(http, clientId, secret, null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
            Assert.Contains("invalid_client", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var stillValidToken = await ImportExamAsync(http, token, setup.ASlug, setup.A.ExamId, Results))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, stillValidToken.StatusCode);
            Assert.Contains("vô hiệu hóa", await stillValidToken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await using var check = database.CreateContext();
        Assert.Equal(0, await check.ExamCandidates.CountAsync(c => c.ExamId == setup.A.ExamId));
    }

    internal sealed record Setup(RunningPortal Portal, ExamFixture A, string ASlug, ExamFixture B, string BSlug) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Portal.DisposeAsync();
    }

    private async Task<Setup> StartAsync()
    {
        var a = await ExamFixture.CreateAsync(database);
        var b = await ExamFixture.CreateAsync(database);
        var portal = await RunningPortal.StartAsync(database.ConnectionString, replaceServices: s => s.AddSingleton<TimeProvider>(a.Clock));
        portal.Services.GetRequiredService<Services.Web.Units.UnitDirectory>().Invalidate();
        await using var db = database.CreateContext();
        var slugs = await db.Units.Where(u => u.Id == a.UnitId || u.Id == b.UnitId).ToDictionaryAsync(u => u.Id, u => u.Slug);
        return new Setup(portal, a, slugs[a.UnitId], b, slugs[b.UnitId]);
    }

    /// <summary>Registers a client as the admin page does (through the registry) and returns its id and one-time secret.</summary>
    internal static async Task<(string ClientId, string Secret)> RegisterAsync(RunningPortal portal, string name, string[] scopes, params Guid[] units)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var (client, secret) = scope.ServiceProvider.GetRequiredService<ApiClientRegistry>().Add(name, scopes, units);
        await scope.ServiceProvider.GetRequiredService<PortalDbContext>().SaveChangesAsync();
        return (client.ClientId, secret);
    }

    internal static Task<HttpResponseMessage> RequestTokenAsync(HttpClient http, string clientId, string secret, string? scope)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        return http.PostAsync(new Uri("/connect/token", UriKind.Relative), new FormUrlEncodedContent(form));
    }

    internal static async Task<string> TokenAsync(HttpClient http, string clientId, string secret, string? scope)
    {
        using var response = await RequestTokenAsync(http, clientId, secret, scope);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    internal static Task<HttpResponseMessage> ImportExamAsync(HttpClient http, string? token, string unit, Guid exam, string csv) =>
        SendFileAsync(http, token, $"/api/v1/units/{unit}/exams/{exam}/results", System.Text.Encoding.UTF8.GetBytes(csv), "ket-qua.csv", "text/csv");

    internal static Task<HttpResponseMessage> SendFileAsync(HttpClient http, string? token, string path, byte[] file, string fileName, string mediaType)
    {
        var content = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        content.Add(part, "file", fileName);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http.SendAsync(request);
    }

    internal static async Task<(int, int, int)> CountsAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        return (json.RootElement.GetProperty("rows").GetInt32(), json.RootElement.GetProperty("inserted").GetInt32(), json.RootElement.GetProperty("updated").GetInt32());
    }
}
