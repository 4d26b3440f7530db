using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Services.Data.Identity;
using Services.Data.Workflows;
using Services.Tests.Integration.Catalogue;
using Services.Tests.Integration.Exams;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Integration.Security;
using Services.Web.Security;
using Services.Workflows.Regrading;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Regrading;

/// <summary>
/// Phúc khảo through the running portal on real PostgreSQL: the candidate asks from the result page, two re-graders
/// (no one twice) grade blind on the board's page, the head decides the paper they disagreed on, the publication step
/// changes the scores with a history line and a journal entry, and the candidate sees old and new side by side.
/// </summary>
public sealed partial class RegradeHttpTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string File = """
        so_bao_danh,ho_ten,ngay_sinh,truong,phong_thi,Toán,Ngữ văn,Tiếng Anh
        01000001,Nguyễn Văn An,05/03/2009,THPT Lê Quý Đôn,P01,6.5,5,7
        """;

    [Fact]
    public async Task TwoPapersAreRegradedTheHeadDecidesTheDisagreementAndTheResultShowsOldNewAndHistory()
    {
        var (portal, exam, slug) = await StartAsync(regradeOpen: true);
        await using var _ = portal;
        using var candidate = new Visitor(portal);

        var result = TemplatePattern().Replace(await ReadAsync(await LookUpAsync(candidate, exam)), "");
        Assert.Contains("Đề nghị phúc khảo", result, StringComparison.Ordinal);
        var offer = await ReadAsync(await PostAsync(candidate, "/tra-cuu-diem/phuc-khao", Factors(exam)));
        Assert.Contains("Toán (6.50)", offer, StringComparison.Ordinal);
        Assert.Contains("30.000 đ", offer, StringComparison.Ordinal);
        Assert.Contains("08:00 27/06/2027", offer, StringComparison.Ordinal);

        var key = KeyPattern().Match(offer).Groups[1].Value;
        using var submitted = await PostAsync(candidate, "/tra-cuu-diem/phuc-khao?handler=Submit",
            [.. Factors(exam), new("khoa", key), new("mon", "Toán"), new("mon", "Ngữ văn"), new("dien-thoai", "0903123456"), new("email", "an@example.vn")]);
        var receipt = await ReadAsync(submitted);
        var code = CodePattern().Match(receipt).Groups[1].Value;
        Assert.True(code.Length > 0, receipt);

        // First re-grader, on the board's page: no original score is shown.
        var grader = ClientAs(portal, exam.UnitId, PortalRole.Staff);
        var desk = await ReadAsync(await grader.GetAsync($"/can-bo/{slug}/phuc-khao"));
        Assert.Contains(code, desk, StringComparison.Ordinal);
        Assert.DoesNotContain("6.50", desk, StringComparison.Ordinal);
        var firstSeat = TaskPattern().Match(desk).Groups[1].Value;
        using (var graded = await DecideAsync(grader, slug, desk, firstSeat, "7.5", "5,25"))
        {
            Assert.Equal(HttpStatusCode.Redirect, graded.StatusCode);
        }

        // The same person cannot take the second seat.
        var again = await ReadAsync(await grader.GetAsync($"/can-bo/{slug}/phuc-khao"));
        var secondSeat = TaskPattern().Match(again).Groups[1].Value;
        Assert.NotEqual(firstSeat, secondSeat);
        using (var twice = await DecideAsync(grader, slug, again, secondSeat, "7.5", "5.25"))
        {
            Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
            Assert.Contains("Quý vị đã chấm hồ sơ này", await ReadAsync(twice), StringComparison.Ordinal);
        }

        // A second re-grader differs by a whole point on Toán.
        await portal.Services.GetRequiredService<TaskService>().DecideAsync(Guid.Parse(secondSeat), RegradeWorkflow.Events.Graded, null,
            new System.Text.Json.Nodes.JsonObject { [RegradeJoin.ScoresKey] = new System.Text.Json.Nodes.JsonObject { ["Toán"] = 8.5m, ["Ngữ văn"] = 5.25m } },
            new Actor(Guid.NewGuid(), PortalRole.Staff, exam.UnitId, "127.0.0.1", "Lê Thị Hoa"));
        Assert.Equal(RegradeWorkflow.Steps.Head, await StepAsync(code));

        var head = ClientAs(portal, exam.UnitId, PortalRole.UnitAdmin);
        var headDesk = await ReadAsync(await head.GetAsync($"/can-bo/{slug}/phuc-khao"));
        Assert.Contains("7.50 / 8.50", headDesk, StringComparison.Ordinal);
        Assert.Contains("value=\"5.25\"", headDesk, StringComparison.Ordinal);
        using (var bad = await DecideAsync(head, slug, headDesk, TaskPattern().Match(headDesk).Groups[1].Value, "11", "5.25"))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        }

        using (var decided = await DecideAsync(head, slug, headDesk, TaskPattern().Match(headDesk).Groups[1].Value, "8", "5.25"))
        {
            Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);
        }

        await UntilDoneAsync(portal, code);

        var after = TemplatePattern().Replace(await ReadAsync(await LookUpAsync(candidate, exam)), "");
        Assert.Contains("Lịch sử thay đổi điểm", after, StringComparison.Ordinal);
        // The card's data-* marks (where the lookup's script writes an answer) are not what the candidate reads.
        var history = DataMarks().Replace(HistoryPattern().Match(after).Value, "");
        Assert.Contains("<td>Toán</td><td>6.50</td><td>8.00</td>", history, StringComparison.Ordinal);
        Assert.Contains("<td>Ngữ văn</td><td>5.00</td><td>5.25</td>", history, StringComparison.Ordinal);
        Assert.Contains(code, history, StringComparison.Ordinal);
        Assert.DoesNotContain("Tiếng Anh", history, StringComparison.Ordinal);

        await using var db = database.CreateContext();
        var candidateRow = await db.ExamCandidates.SingleAsync(c => c.ExamId == exam.ExamId && c.Number == "01000001");
        Assert.Equal(8m, candidateRow.Scores["Toán"]);
        Assert.Equal(5.25m, candidateRow.Scores["Ngữ văn"]);
        Assert.Equal(7m, candidateRow.Scores["Tiếng Anh"]);
        var journal = (await db.WorkflowJournal.Where(j => j.Action == RegradePublication.JournalAction).Select(j => j.Payload).ToListAsync())
            .Select(p => System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(p!)!).ToList();
        Assert.Contains(journal, p => p["dossier"] == code && p["changes"] == "Ngữ văn: 5.00 → 5.25; Toán: 6.50 → 8.00");
        var mail = await db.OutboxMessages.Where(m => m.Channel == NotificationChannel.Email && m.Recipient == "an@example.vn").Select(m => m.Subject).ToListAsync();
        Assert.Contains($"[{code}] Đã tiếp nhận đơn phúc khảo", mail);
        Assert.Contains($"[{code}] Đã có kết quả phúc khảo", mail);

        // One request per candidate and exam: the page now names the dossier instead of a form.
        var second = await ReadAsync(await PostAsync(candidate, "/tra-cuu-diem/phuc-khao", Factors(exam)));
        Assert.Contains(code, second, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"mon\"", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutsideTheWindowNoRequestIsTakenAndAWrongDateOfBirthOpensNothing()
    {
        var (portal, exam, _) = await StartAsync(regradeOpen: false);
        await using var __ = portal;
        using var candidate = new Visitor(portal);
        // What the page shows: the result card the lookup's script copies (a <template>, never displayed) carries the offer's form.
        var shown = TemplatePattern().Replace(await ReadAsync(await LookUpAsync(candidate, exam)), "");
        Assert.Contains("Nguyễn Văn An", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("Đề nghị phúc khảo", shown, StringComparison.Ordinal);

        using var forged = await PostAsync(candidate, "/tra-cuu-diem/phuc-khao?handler=Submit",
            [.. Factors(exam), new("khoa", Guid.NewGuid().ToString()), new("mon", "Toán"), new("dien-thoai", "0903123456")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, forged.StatusCode);
        Assert.Contains("không nhận đơn phúc khảo", await ReadAsync(forged), StringComparison.Ordinal);

        using var wrong = await PostAsync(candidate, "/tra-cuu-diem/phuc-khao",
            [new("ky-thi", exam.ExamId.ToString()), new("so-bao-danh", "01000001"), new("ngay-sinh", "2009-03-06")]);
        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);

        await using var db = database.CreateContext();
        Assert.False(await db.ExamRegrades.AnyAsync(r => r.ExamId == exam.ExamId));
    }

    private async Task<(RunningPortal Portal, ExamFixture Exam, string Slug)> StartAsync(bool regradeOpen)
    {
        await using (var clear = database.DataSource.CreateCommand("DELETE FROM throttle_counters"))
        {
            await clear.ExecuteNonQueryAsync();
        }

        var exam = await ExamFixture.CreateAsync(database);
        await exam.Importer.ImportAsync(exam.ExamId, ExamFixture.File(File), null, CancellationToken.None);
        string slug;
        await using (var db = database.CreateContext())
        {
            var registry = exam.Registry(db);
            await registry.SetPublicationAsync(exam.UnitId, exam.ExamId, ExamFixture.Start, CancellationToken.None);
            await registry.SetRegradingAsync(exam.UnitId, exam.ExamId, regradeOpen ? ExamFixture.Start.AddDays(7) : ExamFixture.Start.AddMinutes(-1), 30_000,
                CancellationToken.None);
            slug = await db.Units.Where(u => u.Id == exam.UnitId).Select(u => u.Slug).SingleAsync();
        }

        var portal = await RunningPortal.StartAsync(database.ConnectionString, new Dictionary<string, string?>
        {
            ["Portal:Limits:lookup-client:Limit"] = "100",
            ["Portal:Limits:lookup-code:Limit"] = "100",
        }, configure: builder =>
        {
            builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.SchemeName, null);
            builder.Services.Configure<AuthenticationOptions>(o => o.DefaultAuthenticateScheme = HeaderAuthentication.SchemeName);
        }, replaceServices: s => s.AddSingleton<TimeProvider>(exam.Clock));
        await portal.SeedDemoCityAsync();
        return (portal, exam, slug);
    }

    private static List<KeyValuePair<string, string>> Factors(ExamFixture exam) =>
        [new("ky-thi", exam.ExamId.ToString()), new("so-bao-danh", "01000001"), new("ngay-sinh", "2009-03-05")];

    private static Task<HttpResponseMessage> LookUpAsync(Visitor visitor, ExamFixture exam) =>
        visitor.PostFormAsync("/tra-cuu-diem", Factors(exam).ToDictionary());

    /// <summary>Posts repeated fields (the chosen papers) with this visitor's antiforgery token.</summary>
    private static async Task<HttpResponseMessage> PostAsync(Visitor visitor, string action, List<KeyValuePair<string, string>> fields)
    {
        var token = TokenPattern().Match(await visitor.Http.GetStringAsync(new Uri("/tra-cuu-diem", UriKind.Relative))).Groups[1].Value;
        using var content = new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", token)]);
        return await visitor.Http.PostAsync(new Uri(action, UriKind.Relative), content);
    }

    private static Task<HttpResponseMessage> DecideAsync(HttpClient staff, string slug, string page, string task, params string[] scores) =>
        staff.PostAsync($"/can-bo/{slug}/phuc-khao", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", TokenPattern().Match(page).Groups[1].Value), new("task", task),
            .. scores.Select(s => new KeyValuePair<string, string>("diem", s)),
        ]));

    private async Task<string?> StepAsync(string code)
    {
        await using var db = database.CreateContext();
        return await db.WorkflowInstances.Where(i => i.Correlation == code).Select(i => i.CurrentStep).SingleAsync();
    }

    /// <summary>The publication step runs on a timer: the portal's worker may take it first, so run it here too and wait.</summary>
    private async Task UntilDoneAsync(RunningPortal portal, string code)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            await using (var scope = portal.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<TimerWorker>().RunOnceAsync(CancellationToken.None);
            }

            if (await StepAsync(code) == RegradeWorkflow.Steps.Done)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"{code} was never published.");
    }

    private static HttpClient ClientAs(RunningPortal portal, Guid unitId, PortalRole role)
    {
        var client = portal.NewClient();
        client.DefaultRequestHeaders.Add(HeaderAuthentication.Header, PortalClaims.MembershipValue(unitId, role));
        return client;
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

    [GeneratedRegex("id=\"tracking-code\">([^<]+)<")]
    private static partial Regex CodePattern();

    [GeneratedRegex("name=\"khoa\" value=\"([^\"]+)\"")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("name=\"task\" value=\"([^\"]+)\"")]
    private static partial Regex TaskPattern();

    [GeneratedRegex("<table class=\"table table-sm\" id=\"score-history\"[^>]*>[\\s\\S]*?</table>")]
    private static partial Regex HistoryPattern();

    [GeneratedRegex(" data-[a-z]+(=\"[^\"]*\")?")]
    private static partial Regex DataMarks();

    [GeneratedRegex("<template[\\s\\S]*?</template>")]
    private static partial Regex TemplatePattern();
}
