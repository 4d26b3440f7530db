using System.Net;
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

    /// <summary>The page without what differs by design: the number the visitor typed (echoed in the form) and per-request tokens.</summary>
    private static string Normalize(string html, string number) =>
        Tokens().Replace(html.Replace(number, "NUMBER", StringComparison.Ordinal), "TOKEN");

    [GeneratedRegex("(name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]+\"|nonce=\"[^\"]+\")")]
    private static partial Regex Tokens();
}
