using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using Services.Bench;

// Issue 12: an exam's results imported from a file of IMPORT_BENCH_ROWS rows (default 100,000), timed two ways over
// HTTP against the real portal in a child process: a staff member's upload on the exam page (until its progress page
// reports the import done), and a registered system's API call with a client-credentials token. See bench/README.md.
var invariant = CultureInfo.InvariantCulture;
var rows = BenchSettings.Int(args, "--rows", "IMPORT_BENCH_ROWS", 100_000);
const string Unit = "so-gd-dt";
const string Clerk = "canbo.nbk@demo.edu.vn";
const string SystemAdmin = "quantri@demo.edu.vn";
const string DemoPassword = "BachDang@2026";

Console.WriteLine($"Import benchmark — {rows:N0} rows by file upload and by API, {Environment.ProcessorCount} cores, load {BenchSettings.Load}");
var total = Stopwatch.StartNew();

// A fresh database, migrated and seeded with the demo city by the portal's own verbs, and the app serving it.
await using var portal = await BenchPortal.CreateAsync("portal_bench_import");
await portal.StartAsync();
var baseUrl = portal.BaseUrl;
var ownerDb = portal.OwnerDb;
var unitId = await portal.ScalarAsync<Guid>("SELECT id FROM units WHERE slug = $1", Unit);
// The demo clerk is made a staff member of the department too (as its unit admin would), so it may import there.
await portal.ExecuteAsync(
    "INSERT INTO unit_memberships (id, user_id, unit_id, role, granted_at) " +
    "SELECT gen_random_uuid(), id, $2, 'Staff', now() FROM users WHERE normalized_email = upper($1)", Clerk, unitId);

var byFileExam = await NewExamAsync(ownerDb, unitId, "tệp");
var byApiExam = await NewExamAsync(ownerDb, unitId, "API");
var file = ResultsFile(rows);
Console.WriteLine(string.Create(invariant, $"file: {rows:N0} rows, {file.Length / 1024.0 / 1024.0:0.0} MiB (CSV, UTF-8)"));

// 1. The staff upload: the exam page's form, then its progress page until the import is done.
using var clerk = new Browser(baseUrl);
await clerk.SignInAsStaffAsync(Clerk, DemoPassword, await portal.AuthenticatorKeyAsync(Clerk));
var examPage = $"/can-bo/{Unit}/ky-thi/{byFileExam}";
var upload = Stopwatch.StartNew();
var progress = await clerk.UploadAsync(examPage, $"{examPage}?handler=Import", "tep", "ket-qua.csv", "text/csv", file);
while (true)
{
    var page = await clerk.GetPageAsync(progress);
    if (page.Contains("id=\"import-done\"", StringComparison.Ordinal))
    {
        break;
    }

    if (!page.Contains("id=\"import-running\"", StringComparison.Ordinal))
    {
        throw new InvalidOperationException($"The upload's import did not succeed ({progress}).");
    }

    await Task.Delay(100);
}

upload.Stop();
await ExpectCandidatesAsync(portal, byFileExam, rows);

// 2. The API: a client of the department registered by the system admin on its page, a token, one call.
using var systemAdmin = new Browser(baseUrl);
await systemAdmin.SignInAsStaffAsync(SystemAdmin, DemoPassword, await portal.AuthenticatorKeyAsync(SystemAdmin));
var created = await systemAdmin.PostForPageAsync("/quan-tri/ung-dung-api", "/quan-tri/ung-dung-api",
    ("ten", "Hệ thống quản lý thi (đo tải)"), ("don-vi", unitId.ToString()), ("pham-vi", "exams.import"));
var clientId = WebUtility.HtmlDecode(Regex.Match(created, "id=\"created-client-id\"[^>]*>([^<]+)<").Groups[1].Value);
var secret = WebUtility.HtmlDecode(Regex.Match(created, "id=\"created-secret\"[^>]*>([^<]+)<").Groups[1].Value);
using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(30) };
var api = Stopwatch.StartNew();
var token = await TokenAsync(http, clientId, secret);
using (var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/units/{Unit}/exams/{byApiExam}/results"))
{
    var content = new MultipartFormDataContent();
    var part = new ByteArrayContent(file);
    part.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
    content.Add(part, "file", "ket-qua.csv");
    request.Content = content;
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    using var response = await http.SendAsync(request);
    var body = await response.Content.ReadAsStringAsync();
    if (response.StatusCode != HttpStatusCode.OK || JsonDocument.Parse(body).RootElement.GetProperty("inserted").GetInt32() != rows)
    {
        throw new InvalidOperationException($"The API import answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 2000)]}");
    }
}

api.Stop();
await ExpectCandidatesAsync(portal, byApiExam, rows);

Console.WriteLine(string.Create(invariant,
    $"import by file upload ({rows:N0} rows, staff page over HTTP, until the progress page reports done) {upload.Elapsed.TotalSeconds:0.0} s, {rows / upload.Elapsed.TotalSeconds:N0} rows/s (no goal in QUALITY.md)"));
Console.WriteLine(string.Create(invariant,
    $"import by API ({rows:N0} rows, client-credentials token and one call) {api.Elapsed.TotalSeconds:0.0} s, {rows / api.Elapsed.TotalSeconds:N0} rows/s (no goal in QUALITY.md)"));
Console.WriteLine($"load after: {BenchSettings.Load}; total {total.Elapsed.TotalSeconds:0} s");

return 0;

// The results file in the upload's format: numbers 00000001…, dates of birth over 2009, three subjects in quarter points.
static byte[] ResultsFile(int count)
{
    var csv = new StringBuilder("so_bao_danh,ho_ten,ngay_sinh,truong,phong_thi,Toán,Ngữ văn,Tiếng Anh\n", count * 64);
    var first = new DateOnly(2009, 1, 1);
    for (var i = 1; i <= count; i++)
    {
        csv.Append(CultureInfo.InvariantCulture,
            $"{i:D8},Thí sinh {i},{first.AddDays(i % 365):dd/MM/yyyy},THPT số {i % 300},P{i % 40:D2},{i % 41 / 4.0:0.00},{i % 37 / 4.0 + 0.5:0.00},{i % 29 / 4.0 + 2.5:0.00}\n");
    }

    return Encoding.UTF8.GetBytes(csv.ToString());
}

static async Task<Guid> NewExamAsync(NpgsqlDataSource db, Guid unitId, string how)
{
    var id = Guid.NewGuid();
    await using var command = db.CreateCommand(
        "INSERT INTO exams (id, unit_id, name, kind, year, subjects, created_at) VALUES ($1, $2, $3, 'Graduation', 2027, '[]', now())");
    command.Parameters.AddWithValue(id);
    command.Parameters.AddWithValue(unitId);
    command.Parameters.AddWithValue($"Kỳ thi đo thời gian nhập ({how})");
    await command.ExecuteNonQueryAsync();
    return id;
}

static async Task ExpectCandidatesAsync(BenchPortal portal, Guid examId, int expected)
{
    var count = await portal.ScalarAsync<long>("SELECT count(*) FROM exam_candidates WHERE exam_id = $1", examId);
    if (count != expected)
    {
        throw new InvalidOperationException($"The exam has {count:N0} candidates after the import, not {expected:N0}.");
    }
}

static async Task<string> TokenAsync(HttpClient http, string clientId, string secret)
{
    using var response = await http.PostAsync(new Uri("/connect/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = "exams.import",
    }));
    var body = await response.Content.ReadAsStringAsync();
    return response.StatusCode == HttpStatusCode.OK
        ? JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!
        : throw new InvalidOperationException($"The token endpoint answered {(int)response.StatusCode}: {body}");
}
