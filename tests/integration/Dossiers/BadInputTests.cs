using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Microsoft.Extensions.DependencyInjection;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Samples;
using Services.Workflows.Dossiers;

namespace Services.Tests.Integration.Dossiers;

/// <summary>
/// S2 on the online form: disguised or oversize uploads, path-traversal names, script, overlong and broken text get
/// a clear Vietnamese message with a 4xx, never a 500, and nothing invalid reaches the draft or the file store.
/// </summary>
public sealed partial class BadInputTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private const string Form = "/th-nguyen-binh-khiem/dich-vu/xin-nghi-hoc";
    private static readonly byte[] TinyPdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray();
    // "Today" for the portal: 2 November 2026, 9:00 in Vietnam, whatever day the tests run.
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.FromHours(7)));
    private RunningPortal _portal = null!;

    public async Task InitializeAsync()
    {
        _portal = await RunningPortal.StartAsync(database.ConnectionString, replaceServices: s => s.AddSingleton<TimeProvider>(_clock));
        await _portal.SeedDemoCityAsync();
    }

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task ScriptIsKeptAsTextAndRenderedEncoded()
    {
        var journey = await StartAsync();
        var page = await journey.PostStepAsync(1, ("a.nguoi-nop-ho-ten", "<script>alert(1)</script>"), ("a.nguoi-nop-ngay-sinh", "không phải ngày"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)", page.Html, StringComparison.Ordinal);
        Assert.Contains("Ngày sinh người nộp phải là một ngày hợp lệ.", page.Html, StringComparison.Ordinal);
        Assert.Empty(await DraftDataAsync(journey.DraftToken));
    }

    [Fact]
    public async Task AHundredThousandCharactersAreRefusedWithTheLimit()
    {
        var journey = await StartAsync();
        var page = await journey.PostStepAsync(1, Applicant(("a.nguoi-nop-ho-ten", new string('A', 100_000))));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Contains("Họ và tên người nộp không được dài quá 100 ký tự.", page.Html, StringComparison.Ordinal);
        Assert.Empty(await DraftDataAsync(journey.DraftToken));
    }

    [Fact]
    public async Task BrokenUtf8IsRefusedAsInvalidCharacters()
    {
        var journey = await StartAsync();
        using var content = Journey.Multipart(Applicant().Where(f => f.Item1 != "a.nguoi-nop-ho-ten"));
        var broken = new ByteArrayContent([0x4E, 0x67, 0x75, 0x79, 0xC3, 0x28, 0xFF, 0x6E]); // "Nguy" + an invalid sequence + "n"
        content.Add(broken, "a.nguoi-nop-ho-ten");
        var page = await journey.PostAsync(1, content);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Contains("Họ và tên người nộp có ký tự không hợp lệ.", page.Html, StringComparison.Ordinal);
        Assert.Empty(await DraftDataAsync(journey.DraftToken));
    }

    [Fact]
    public async Task AnExecutableRenamedPdfIsRefusedAndNotStored()
    {
        var journey = await ReachTheUploadStepAsync();
        var exe = new byte[4096];
        "MZ"u8.CopyTo(exe);
        var page = await journey.PostStepAsync(3, LeaveDates(), file: ("bao-cao.pdf", exe));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Contains("chương trình hoặc tập lệnh có thể chạy được", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("giay-to", (await DraftDataAsync(journey.DraftToken)).Keys);
        Assert.Empty(StoredFiles());
    }

    [Fact]
    public async Task AnOversizeFileIsRefusedAndNotStored()
    {
        var journey = await ReachTheUploadStepAsync();
        var big = new byte[11 * 1024 * 1024];
        TinyPdf.CopyTo(big, 0);
        var page = await journey.PostStepAsync(3, LeaveDates(), file: ("lon.pdf", big));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Contains("Tệp quá lớn.", page.Html, StringComparison.Ordinal);
        Assert.Empty(StoredFiles());
    }

    [Fact]
    public async Task APathTraversalNameIsStoredUnderItsContentAddressWithASafeName()
    {
        var journey = await ReachTheUploadStepAsync();
        var page = await journey.PostStepAsync(3, LeaveDates(), file: ("../../../etc/giấy khám bệnh.pdf", TinyPdf));
        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        var answer = DossierFile.Parse((await DraftDataAsync(journey.DraftToken))["giay-to"]);
        Assert.NotNull(answer);
        Assert.Equal("giấy khám bệnh.pdf", answer.Name);
        Assert.Equal("application/pdf", answer.ContentType);
        var stored = Assert.Single(StoredFiles());
        Assert.StartsWith(Path.Combine(_portal.DataPath, "files"), stored, StringComparison.Ordinal);
        Assert.Equal(TinyPdf, await File.ReadAllBytesAsync(stored));
    }

    [Fact]
    public async Task APhoneNumberThatIsNotOneIsRefused()
    {
        var journey = await StartAsync();
        var page = await journey.PostStepAsync(1, Applicant(("a.nguoi-nop-dien-thoai", "abc")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Contains("Số điện thoại chưa đúng", page.Html, StringComparison.Ordinal);
        Assert.Empty(await DraftDataAsync(journey.DraftToken));

        var typedWithSpaces = await journey.PostStepAsync(1, Applicant(("a.nguoi-nop-dien-thoai", "+84 903 123 456")));
        Assert.Equal(HttpStatusCode.Redirect, typedWithSpaces.Status);
        Assert.Equal("0903123456", (await DraftDataAsync(journey.DraftToken))["nguoi-nop-dien-thoai"]);
    }

    [Fact]
    public async Task ABirthDateAfterTodayIsRefusedAndTodayIsNot()
    {
        var journey = await StartAsync();
        var tomorrow = await journey.PostStepAsync(1, Applicant(("a.nguoi-nop-ngay-sinh", "2026-11-03")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tomorrow.Status);
        Assert.Contains("Ngày sinh người nộp không thể sau ngày hôm nay.", tomorrow.Html, StringComparison.Ordinal);
        var farAway = await journey.PostStepAsync(1, Applicant(("a.nguoi-nop-ngay-sinh", "2030-01-01")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, farAway.Status);
        Assert.Empty(await DraftDataAsync(journey.DraftToken));

        Assert.Equal(HttpStatusCode.Redirect, (await journey.PostStepAsync(1, Applicant(("a.nguoi-nop-ngay-sinh", "2026-11-02")))).Status);
    }

    [Fact]
    public async Task ALeaveThatEndsBeforeItStartsIsRefused()
    {
        var journey = await ReachTheUploadStepAsync();
        var page = await journey.PostStepAsync(3, ("a.tu-ngay", "2026-11-24"), ("a.den-ngay", "2026-11-23"), ("a.ly-do", "Cháu bị sốt."));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Contains("Đến hết ngày không được trước Nghỉ từ ngày.", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("den-ngay", (await DraftDataAsync(journey.DraftToken)).Keys);
    }

    [Fact]
    public async Task PhoneAndEmailAskForThePhonesRightKeyboard()
    {
        var journey = await StartAsync();
        var html = await journey.GetStepAsync(1);
        Assert.Matches("<input[^>]*type=\"tel\"[^>]*inputmode=\"tel\"[^>]*id=\"q-nguoi-nop-dien-thoai\"", html);
        Assert.Matches("<input[^>]*type=\"email\"[^>]*inputmode=\"email\"[^>]*id=\"q-nguoi-nop-email\"", html);
    }

    [Fact]
    public async Task SavingADraftWithABadEmailKeepsTheRestAndSaysTheMailDidNotGo()
    {
        var journey = await StartAsync();
        var page = await journey.SaveStepAsync(1, Applicant(("a.nguoi-nop-email", "lan@")));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Đã lưu bản nháp nhưng chưa gửi được thư: địa chỉ thư điện tử chưa đúng.", page.Html, StringComparison.Ordinal);
        Assert.Contains("Thư điện tử chưa đúng", page.Html, StringComparison.Ordinal);
        var draft = await DraftDataAsync(journey.DraftToken);
        Assert.Equal("Nguyễn Thị Lan", draft["nguoi-nop-ho-ten"]);
        Assert.DoesNotContain("nguoi-nop-email", draft.Keys);
    }

    private static (string, string)[] Applicant(params (string Key, string Value)[] overrides)
    {
        var values = new Dictionary<string, string>
        {
            ["a.nguoi-nop-ho-ten"] = "Nguyễn Thị Lan",
            ["a.nguoi-nop-ngay-sinh"] = "1988-04-12",
            ["a.nguoi-nop-dien-thoai"] = "0903123456",
        };
        foreach (var (key, value) in overrides)
        {
            values[key] = value;
        }

        return values.Select(v => (v.Key, v.Value)).ToArray();
    }

    private static (string, string)[] LeaveDates() =>
        [("a.tu-ngay", "2026-11-23"), ("a.den-ngay", "2026-11-24"), ("a.ly-do", "Cháu bị sốt.")];

    private async Task<Journey> ReachTheUploadStepAsync()
    {
        var journey = await StartAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await journey.PostStepAsync(1, Applicant())).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await journey.PostStepAsync(2, ("a.hoc-sinh-ho-ten", "Trần Minh Khôi"), ("a.hoc-sinh-lop", "3A2"))).Status);
        return journey;
    }

    private async Task<Journey> StartAsync()
    {
        var client = _portal.NewClient();
        var token = await AntiforgeryAsync(client, Form);
        using var start = await client.PostAsync(Form, new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var draft = DraftToken().Match(string.Join("\n", start.Headers.GetValues("Set-Cookie"))).Groups[1].Value;
        Assert.NotEmpty(draft);
        return new Journey(client, draft);
    }

    private async Task<Dictionary<string, string>> DraftDataAsync(string token)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(token));
        await using var db = database.CreateContext();
        return (await db.DossierDrafts.AsNoTracking().SingleAsync(d => d.TokenHash == hash)).Data;
    }

    private string[] StoredFiles()
    {
        var root = Path.Combine(_portal.DataPath, "files");
        return Directory.Exists(root) ? Directory.GetFiles(root, "*", SearchOption.AllDirectories) : [];
    }

    private static async Task<string> AntiforgeryAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path);
        return AntiforgeryField().Match(html).Groups[1].Value;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("portal\\.draft-[0-9a-f]{32}=([^;]+)")]
    private static partial Regex DraftToken();

    private sealed record Page(HttpStatusCode Status, string Html);

    private sealed class Journey(HttpClient client, string draftToken)
    {
        public string DraftToken => draftToken;

        private static string StepUrl(int step) => $"{Form}/buoc/{step}";

        public static MultipartFormDataContent Multipart(IEnumerable<(string Key, string Value)> fields)
        {
            var content = new MultipartFormDataContent();
            foreach (var (key, value) in fields)
            {
                content.Add(new StringContent(value, Encoding.UTF8), key);
            }

            return content;
        }

        public async Task<Page> PostStepAsync(int step, params (string Key, string Value)[] fields) => await PostStepAsync(step, fields, null);

        public async Task<Page> PostStepAsync(int step, (string Key, string Value)[] fields, (string Name, byte[] Bytes)? file)
        {
            using var content = Multipart(fields);
            if (file is { } f)
            {
                var part = new ByteArrayContent(f.Bytes);
                part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
                content.Add(part, "a.giay-to", f.Name);
            }

            return await PostAsync(step, content);
        }

        public async Task<string> GetStepAsync(int step) => await client.GetStringAsync(StepUrl(step));

        /// <summary>"Lưu bản nháp": posts to the save handler's own address, with the draft token in the form as the page sends it.</summary>
        public async Task<Page> SaveStepAsync(int step, (string Key, string Value)[] fields)
        {
            using var content = Multipart([.. fields, ("ban-nhap", draftToken)]);
            content.Add(new StringContent(await AntiforgeryAsync(client, StepUrl(step))), "__RequestVerificationToken");
            using var response = await client.PostAsync($"{Form}/buoc/{step}?handler=Save", content);
            Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
            return new Page(response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        public async Task<Page> PostAsync(int step, MultipartFormDataContent content)
        {
            var token = await AntiforgeryAsync(client, StepUrl(step));
            content.Add(new StringContent(token), "__RequestVerificationToken");
            using var response = await client.PostAsync(StepUrl(step), content);
            Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
            return new Page(response.StatusCode, await response.Content.ReadAsStringAsync());
        }
    }
}
