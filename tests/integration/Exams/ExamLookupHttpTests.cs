using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Integration.Security;
using Services.Tests.Samples;

namespace Services.Tests.Integration.Exams;

/// <summary>
/// The public results lookup through the running portal: closed until the publication minute (moved by the clock, no
/// restart), the same answer for an unknown number and a wrong date of birth, and guessing refused per client and per number.
/// </summary>
public sealed partial class ExamLookupHttpTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string File = """
        so_bao_danh,ho_ten,ngay_sinh,truong,phong_thi,Toán,Ngữ văn
        01000001,Nguyễn Văn An,05/03/2009,THPT Lê Quý Đôn,P01,8.25,7.5
        """;

    [Fact]
    public async Task ResultsOpenAtThePublicationMinuteWithoutARestart()
    {
        var (portal, exam) = await StartAsync(perClient: 100, perCode: 100);
        await using var _ = portal;
        await using (var db = database.CreateContext())
        {
            await exam.Registry(db).SetPublicationAsync(exam.UnitId, exam.ExamId, ExamFixture.Start.AddMinutes(1), CancellationToken.None);
        }

        using var visitor = new Visitor(portal);
        using (var early = await LookUpAsync(visitor, exam.ExamId, "01000001", "2009-03-05"))
        {
            var html = await early.Content.ReadAsStringAsync();
            Assert.Contains("chưa được công bố", html, StringComparison.Ordinal);
            Assert.Contains("08:01 20/06/2027", html, StringComparison.Ordinal);
            Assert.DoesNotContain("Nguyễn Văn An", html, StringComparison.Ordinal);
        }

        exam.Clock.Advance(TimeSpan.FromMinutes(1));
        using var open = await LookUpAsync(visitor, exam.ExamId, "01000001", "2009-03-05");
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        var result = await open.Content.ReadAsStringAsync();
        Assert.Contains("Nguyễn Văn An", result, StringComparison.Ordinal);
        Assert.Contains("8.25", result, StringComparison.Ordinal);

        using var pdf = await LookUpAsync(visitor, exam.ExamId, "01000001", "2009-03-05", handler: "Document");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(await pdf.Content.ReadAsByteArrayAsync())[..4], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownNumberAndAWrongDateOfBirthAnswerIdentically()
    {
        var (portal, exam) = await StartAsync(perClient: 100, perCode: 100, published: true);
        await using var _ = portal;
        using var visitor = new Visitor(portal);
        using var wrongDate = await LookUpAsync(visitor, exam.ExamId, "01000001", "2009-03-06");
        using var unknown = await LookUpAsync(visitor, exam.ExamId, "01000002", "2009-03-06");

        Assert.Equal(HttpStatusCode.NotFound, wrongDate.StatusCode);
        Assert.Equal(wrongDate.StatusCode, unknown.StatusCode);
        var a = Normalize(await wrongDate.Content.ReadAsStringAsync(), "01000001");
        var b = Normalize(await unknown.Content.ReadAsStringAsync(), "01000002");
        Assert.Contains("Không tìm thấy kết quả", a, StringComparison.Ordinal);
        Assert.Equal(a, b);
    }

    [Fact]
    public async Task GuessingDatesOfBirthLocksTheNumberForEveryClient()
    {
        var (portal, exam) = await StartAsync(perClient: 100, perCode: 3, published: true);
        await using var _ = portal;
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var visitor = new Visitor(portal);
            using var response = await LookUpAsync(visitor, exam.ExamId, "01000001", $"2009-01-{i + 10}", forwardedFor: $"198.51.100.{i + 1}");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        using var owner = new Visitor(portal);
        using var right = await LookUpAsync(owner, exam.ExamId, "01000001", "2009-03-05", forwardedFor: "192.0.2.9");
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
    }

    [Fact]
    public async Task OneClientCannotWalkThroughCandidateNumbers()
    {
        var (portal, exam) = await StartAsync(perClient: 4, perCode: 100, published: true);
        await using var _ = portal;
        using var visitor = new Visitor(portal);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await LookUpAsync(visitor, exam.ExamId, $"0100{i:D4}", "2009-03-05");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, statuses[1]); // 01000001 is the real candidate
        Assert.Equal([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses[4..]);
        Assert.Contains("Quá nhiều yêu cầu", await (await LookUpAsync(visitor, exam.ExamId, "01000001", "2009-03-05")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePagesScriptGetsTheSameAnswersAsJson()
    {
        var (portal, exam) = await StartAsync(perClient: 100, perCode: 3);
        await using var _ = portal;
        await using (var db = database.CreateContext())
        {
            await exam.Registry(db).SetPublicationAsync(exam.UnitId, exam.ExamId, ExamFixture.Start.AddMinutes(1), CancellationToken.None);
        }

        using var visitor = new Visitor(portal);
        var (early, earlyBody) = await LookUpJsonAsync(visitor, exam.ExamId, "01000001", "2009-03-05");
        Assert.Equal(HttpStatusCode.OK, early.StatusCode);
        Assert.Equal("not-published", earlyBody.GetProperty("outcome").GetString());
        Assert.Contains("08:01 20/06/2027", earlyBody.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, earlyBody.GetProperty("result").ValueKind);

        exam.Clock.Advance(TimeSpan.FromMinutes(1));
        var (found, body) = await LookUpJsonAsync(visitor, exam.ExamId, "01000001", "2009-03-05");
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.True(found.Headers.CacheControl?.NoStore, "the answer names personal data: never stored");
        var result = body.GetProperty("result");
        Assert.Equal("Nguyễn Văn An", result.GetProperty("fullName").GetString());
        Assert.Equal("THPT Lê Quý Đôn", result.GetProperty("school").GetString());
        Assert.Equal(["Toán 8.25", "Ngữ văn 7.50"], result.GetProperty("scores").EnumerateArray()
            .Select(s => $"{s.GetProperty("subject").GetString()} {s.GetProperty("score").GetString()}"));

        // Unknown number and wrong date of birth: one answer; both count against the number, shared with the form post.
        var (wrongDate, wrongBody) = await LookUpJsonAsync(visitor, exam.ExamId, "01000001", "2009-03-06");
        var (unknown, unknownBody) = await LookUpJsonAsync(visitor, exam.ExamId, "01000002", "2009-03-06");
        Assert.Equal(HttpStatusCode.NotFound, wrongDate.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(wrongBody.GetRawText(), unknownBody.GetRawText());
        Assert.Contains("Không tìm thấy kết quả", wrongBody.GetProperty("message").GetString(), StringComparison.Ordinal);

        var (missing, _) = await LookUpJsonAsync(visitor, exam.ExamId, "", "2009-03-05");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);

        // Two more failures lock the number (limit 3): the script's lookup and the page's both refuse the right answer.
        await LookUpJsonAsync(visitor, exam.ExamId, "01000001", "2009-03-07");
        await LookUpJsonAsync(visitor, exam.ExamId, "01000001", "2009-03-08");
        var (locked, lockedBody) = await LookUpJsonAsync(visitor, exam.ExamId, "01000001", "2009-03-05");
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.NotNull(locked.Headers.RetryAfter);
        Assert.Equal("too-many", lockedBody.GetProperty("outcome").GetString());
        using var page = await LookUpAsync(visitor, exam.ExamId, "01000001", "2009-03-05");
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
    }

    [Fact]
    public async Task TheScriptsEndpointTakesOnlyJson()
    {
        var (portal, exam) = await StartAsync(perClient: 100, perCode: 100, published: true);
        await using var _ = portal;
        using var visitor = new Visitor(portal);
        // What a page of another site could post without the browser asking first: a form, or text. Neither is answered.
        using var form = await visitor.Http.PostAsync(new Uri("/tra-cuu-diem/ket-qua", UriKind.Relative), new FormUrlEncodedContent(
            new Dictionary<string, string> { ["exam"] = exam.ExamId.ToString(), ["number"] = "01000001", ["dateOfBirth"] = "2009-03-05" }));
        using var text = await visitor.Http.PostAsync(new Uri("/tra-cuu-diem/ket-qua", UriKind.Relative), new StringContent(
            $$"""{"exam":"{{exam.ExamId}}","number":"01000001","dateOfBirth":"2009-03-05"}""", System.Text.Encoding.UTF8, "text/plain"));
        foreach (var refused in new[] { form, text })
        {
            Assert.False(refused.IsSuccessStatusCode, $"{refused.Content.Headers.ContentType}: {(int)refused.StatusCode}");
            Assert.DoesNotContain("Nguyễn Văn An", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var (english, body) = await LookUpJsonAsync(visitor, exam.ExamId, "01000001", "2009-03-06", "/en");
        Assert.Equal(HttpStatusCode.NotFound, english.StatusCode);
        Assert.StartsWith("No result matches", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private async Task<(RunningPortal Portal, ExamFixture Exam)> StartAsync(int perClient, int perCode, bool published = false)
    {
        await using (var clear = database.DataSource.CreateCommand("DELETE FROM throttle_counters"))
        {
            await clear.ExecuteNonQueryAsync();
        }

        var exam = await ExamFixture.CreateAsync(database);
        await exam.Importer.ImportAsync(exam.ExamId, ExamFixture.File(File), null, CancellationToken.None);
        if (published)
        {
            await using var db = database.CreateContext();
            await exam.Registry(db).SetPublicationAsync(exam.UnitId, exam.ExamId, ExamFixture.Start, CancellationToken.None);
        }

        var portal = await RunningPortal.StartAsync(database.ConnectionString, new Dictionary<string, string?>
        {
            ["Portal:Limits:lookup-client:Limit"] = perClient.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Portal:Limits:lookup-code:Limit"] = perCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Portal:TrustedProxies:0"] = "127.0.0.1",
        }, replaceServices: s => s.AddSingleton<TimeProvider>(exam.Clock));
        await portal.SeedDemoCityAsync();
        return (portal, exam);
    }

    private static Task<HttpResponseMessage> LookUpAsync(Visitor visitor, Guid examId, string number, string dateOfBirth, string? handler = null, string? forwardedFor = null) =>
        visitor.PostFormAsync("/tra-cuu-diem", new Dictionary<string, string> { ["ky-thi"] = examId.ToString(), ["so-bao-danh"] = number, ["ngay-sinh"] = dateOfBirth },
            action: handler is null ? null : $"/tra-cuu-diem?handler={handler}",
            decorate: r =>
            {
                if (forwardedFor is not null)
                {
                    r.Headers.Add("X-Forwarded-For", forwardedFor);
                }
            });

    private static async Task<(HttpResponseMessage Response, System.Text.Json.JsonElement Body)> LookUpJsonAsync(Visitor visitor, Guid examId, string number,
        string dateOfBirth, string language = "")
    {
        var response = await visitor.Http.PostAsJsonAsync(new Uri($"{language}/tra-cuu-diem/ket-qua", UriKind.Relative),
            new { exam = examId, number, dateOfBirth });
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response, await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>());
    }

    /// <summary>The page without what differs by design: the number the visitor typed (echoed in the form) and per-request tokens.</summary>
    private static string Normalize(string html, string number) =>
        Tokens().Replace(html.Replace(number, "NUMBER", StringComparison.Ordinal), "TOKEN");

    [GeneratedRegex("(name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]+\"|nonce=\"[^\"]+\")")]
    private static partial Regex Tokens();
}
