using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;
using Services.Data;
using Services.Tests.E2e.Infrastructure;
using Services.Workflows.Exams;
using Services.Workflows.Regrading;
using Services.Workflows.Runtime;
using static Microsoft.Playwright.Assertions;

namespace Services.Tests.E2e.Exams;

/// <summary>
/// Phúc khảo in Chromium, Vietnamese and English, phone and desktop, with axe-core on every page the candidate and the
/// board see: a candidate of a published exam looks up the result, asks for two papers to be re-graded within the
/// window (fee and deadline shown) and follows the dossier by its code; two re-graders grade blind in the browser, they
/// differ beyond the tolerance on one paper and the head of the board decides it; the publication step changes the
/// scores and the candidate sees old and new side by side with the history. Once the window has passed (the portal's
/// clock moved), a classmate is offered no re-grading.
/// </summary>
public sealed class RegradeJourneyTests(InProcessPortal portal) : IClassFixture<InProcessPortal>
{
    private const string Unit = "so-gd-dt";
    private const string DateOfBirth = "2009-03-05";
    private const int Fee = 30_000;

    [Theory]
    [InlineData(390, 844, "")]
    [InlineData(1366, 900, "")]
    [InlineData(390, 844, "/en")]
    [InlineData(1366, 900, "/en")]
    public async Task TwoPapersAreRegradedTheHeadDecidesOneAndTheCandidateSeesOldNewAndHistory(int width, int height, string language)
    {
        var english = language.Length > 0;
        // Staff sign in at the real time (the second factor's codes are computed from it); the clock moves only at the end.
        portal.Clock.Reset();
        var exam = await SeedExamAsync();

        // The candidate finds the result and opens the request from it: papers with their scores, the fee, the deadline.
        var candidate = await portal.NewPageAsync(width, height);
        await LookUpAsync(candidate, language, exam.Name, exam.Number, DateOfBirth);
        await Expect(candidate.Locator("#exam-result")).ToContainTextAsync("6.50");
        await Expect(candidate.Locator("#regrade-start")).ToContainTextAsync(exam.DeadlineText);
        await Axe.AssertNoViolationsAsync(candidate);
        await candidate.GetByRole(AriaRole.Button, new() { Name = english ? "Ask for re-grading" : "Đề nghị phúc khảo" }).ClickAsync();
        await candidate.WaitForURLAsync("**/tra-cuu-diem/phuc-khao");
        await Expect(candidate.Locator("#regrade-fee")).ToHaveTextAsync("30.000 đ");
        await Expect(candidate.Locator("#regrade-deadline")).ToHaveTextAsync(exam.DeadlineText);
        await Axe.AssertNoViolationsAsync(candidate);

        // Without a phone number the request is refused with an accessible summary; then it goes in.
        await candidate.GetByLabel("Toán (6.50)").CheckAsync();
        await candidate.GetByLabel("Ngữ văn (5.00)").CheckAsync();
        var submit = candidate.GetByRole(AriaRole.Button, new() { Name = english ? "Submit the request" : "Nộp đơn phúc khảo" });
        await submit.ClickAsync();
        await Expect(candidate.Locator("#error-summary")).ToBeVisibleAsync();
        await Axe.AssertNoViolationsAsync(candidate);
        await candidate.GetByLabel(english ? "Phone number" : "Số điện thoại").FillAsync("0903123456");
        await Expect(candidate.GetByLabel("Toán (6.50)")).ToBeCheckedAsync();
        await submit.ClickAsync();
        await Expect(candidate.Locator("#tracking-code")).ToBeVisibleAsync();
        var code = (await candidate.Locator("#tracking-code").InnerTextAsync()).Trim();
        await Axe.AssertNoViolationsAsync(candidate);

        // The code follows the dossier on the tracking page.
        await candidate.GetByRole(AriaRole.Link, new() { Name = english ? "Track this application" : "Tra cứu tình trạng hồ sơ" }).ClickAsync();
        await candidate.Locator("#ma").FillAsync(code);
        await candidate.Locator("#ngay-sinh").FillAsync(DateOfBirth);
        await candidate.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = english ? "Look up" : "Tra cứu" }).ClickAsync();
        await Expect(candidate.Locator("#result-heading")).ToContainTextAsync(code);
        await Axe.AssertNoViolationsAsync(candidate);

        // The first re-grader grades blind: the original scores are not on the desk.
        var firstGrader = await SignInAsync("Staff", "Phạm Chấm Một", width, height);
        var firstDesk = await OpenDeskAsync(firstGrader, language, code);
        await Expect(firstDesk).ToHaveCountAsync(1);
        await Expect(firstDesk).Not.ToContainTextAsync("6.50");
        await Axe.AssertNoViolationsAsync(firstGrader);
        await GradeAsync(firstGrader, firstDesk, english ? "Record the scores" : "Ghi điểm", ("Toán", "7.5"), ("Ngữ văn", "5,25"));

        // The second re-grader: Toán a whole point apart (beyond 0.5), Ngữ văn within it.
        var secondGrader = await SignInAsync("Staff", "Lê Chấm Hai", width, height);
        var secondDesk = await OpenDeskAsync(secondGrader, language, code);
        await Expect(secondDesk).ToHaveCountAsync(1);
        await Axe.AssertNoViolationsAsync(secondGrader);
        await GradeAsync(secondGrader, secondDesk, english ? "Record the scores" : "Ghi điểm", ("Toán", "8.5"), ("Ngữ văn", "5.75"));
        await Expect(secondDesk).ToHaveCountAsync(0);
        Assert.Equal(RegradeWorkflow.Steps.Head, await StepAsync(code));

        // The head of the board sees the original, both graders' scores and the agreed mean, and decides Toán.
        var head = await SignInAsync("UnitAdmin", "Trần Trưởng Ban", width, height);
        var headDesk = await OpenDeskAsync(head, language, code);
        await Expect(headDesk.Locator("h2")).ToContainTextAsync(english ? "head of the board decides" : "trưởng ban quyết định điểm");
        await Expect(headDesk.Locator("tr", new() { HasText = "Toán" })).ToContainTextAsync("7.50 / 8.50");
        await Expect(headDesk.Locator("tr", new() { HasText = "Ngữ văn" })).ToContainTextAsync("5.25 / 5.75");
        await Expect(headDesk.GetByLabel("Ngữ văn")).ToHaveValueAsync("5.50");
        await Axe.AssertNoViolationsAsync(head);
        await GradeAsync(head, headDesk, english ? "Decide the scores" : "Quyết định điểm", ("Toán", "8"));
        await Expect(headDesk).ToHaveCountAsync(0);
        await UntilPublishedAsync(code);

        // The candidate sees the old and new scores side by side, and the history with the dossier's code.
        await LookUpAsync(candidate, language, exam.Name, exam.Number, DateOfBirth);
        var scores = candidate.Locator("#exam-result table").First;
        await Expect(scores.Locator("tr", new() { HasText = "Toán" })).ToContainTextAsync(new Regex("6\\.50\\s*8\\.00"));
        await Expect(scores.Locator("tr", new() { HasText = "Ngữ văn" })).ToContainTextAsync(new Regex("5\\.00\\s*5\\.50"));
        await Expect(scores.Locator("tr", new() { HasText = "Tiếng Anh" })).ToContainTextAsync("7.00");
        var history = candidate.Locator("#score-history tbody tr");
        await Expect(history).ToHaveCountAsync(2);
        await Expect(history.Filter(new() { HasText = "Toán" })).ToContainTextAsync(new Regex($"6\\.50\\s*8\\.00\\s*{Regex.Escape(code)}"));
        await Expect(history.Filter(new() { HasText = "Ngữ văn" })).ToContainTextAsync(new Regex($"5\\.00\\s*5\\.50\\s*{Regex.Escape(code)}"));
        await Axe.AssertNoViolationsAsync(candidate);

        // One request per candidate and exam: while the window is open, the request page names the dossier instead.
        await candidate.GetByRole(AriaRole.Button, new() { Name = english ? "Ask for re-grading" : "Đề nghị phúc khảo" }).ClickAsync();
        await Expect(candidate.Locator("#regrade-existing")).ToContainTextAsync(code);
        await Expect(candidate.Locator("input[name='mon']")).ToHaveCountAsync(0);
        await Axe.AssertNoViolationsAsync(candidate);

        // A minute past the deadline, a classmate's result offers no re-grading.
        portal.Clock.MoveTo(exam.Deadline.AddMinutes(1));
        var classmate = await portal.NewPageAsync(width, height);
        await LookUpAsync(classmate, language, exam.Name, exam.ClassmateNumber, "2009-04-06");
        await Expect(classmate.Locator("#exam-result")).ToContainTextAsync("Lê Thị Bình");
        await Expect(classmate.Locator("#regrade-start")).ToHaveCountAsync(0);
        portal.Clock.Reset();

        foreach (var page in new[] { candidate, firstGrader, secondGrader, head, classmate })
        {
            await page.Context.CloseAsync();
        }
    }

    private sealed record SeededExam(string Name, string Number, string ClassmateNumber, DateTimeOffset Deadline)
    {
        public string DeadlineText => Deadline.ToOffset(TimeSpan.FromHours(7)).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// An exam of the department published an hour ago (on the portal's clock), taking re-grading requests for three
    /// days at <see cref="Fee"/> a paper, with the candidate and a classmate; the lookup counters start afresh.
    /// </summary>
    private async Task<SeededExam> SeedExamAsync()
    {
        var now = portal.Clock.GetUtcNow();
        var deadline = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddDays(3);
        var number = Random.Shared.Next(10_000_000, 99_999_998).ToString(CultureInfo.InvariantCulture);
        var classmate = (int.Parse(number, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
        var name = $"Kỳ thi phúc khảo {number}";
        await using var connection = new NpgsqlConnection(portal.ConnectionString);
        await connection.OpenAsync();
        await using (var clear = new NpgsqlCommand("DELETE FROM throttle_counters", connection))
        {
            await clear.ExecuteNonQueryAsync();
        }

        await using var command = new NpgsqlCommand(
            """
            WITH exam AS (
                INSERT INTO exams (id, unit_id, name, kind, year, subjects, publish_at, regrade_until, regrade_fee, created_at)
                SELECT gen_random_uuid(), id, $1, 'Graduation', 2027, '["Toán", "Ngữ văn", "Tiếng Anh"]', $4, $5, $6, $4 FROM units WHERE slug = $7
                RETURNING id)
            INSERT INTO exam_candidates (id, exam_id, number, full_name, date_of_birth, school, room, scores, updated_at)
            SELECT gen_random_uuid(), exam.id, c.number, c.full_name, c.date_of_birth, 'THPT Lê Quý Đôn', 'P01', c.scores::jsonb, $4
            FROM exam, (VALUES ($2, 'Nguyễn Văn An', DATE '2009-03-05', '{"Toán": 6.5, "Ngữ văn": 5, "Tiếng Anh": 7}'),
                               ($3, 'Lê Thị Bình', DATE '2009-04-06', '{"Toán": 8, "Ngữ văn": 7, "Tiếng Anh": 9}')) AS c (number, full_name, date_of_birth, scores)
            """, connection);
        foreach (var value in new object[] { name, number, classmate, now.AddHours(-1), deadline, Fee, Unit })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        Assert.Equal(2, await command.ExecuteNonQueryAsync());
        // Written straight into the database: the portal's cache is told, as staff's registry tells it (ADR 0028).
        portal.Services.GetRequiredService<AnnouncedExamsCache>().Forget();
        return new SeededExam(name, number, classmate, deadline);
    }

    private static async Task LookUpAsync(IPage page, string language, string exam, string number, string dateOfBirth)
    {
        var english = language.Length > 0;
        await page.GotoAsync($"{language}/tra-cuu-diem");
        await page.GetByLabel(english ? "Exam" : "Kỳ thi").SelectOptionAsync(new SelectOptionValue { Label = exam });
        await page.GetByLabel(english ? "Candidate number" : "Số báo danh").FillAsync(number);
        await page.GetByLabel(english ? "Date of birth" : "Ngày sinh").FillAsync(dateOfBirth);
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = english ? "Look up" : "Tra cứu" }).ClickAsync();
        await Expect(page.Locator("#exam-result")).ToBeVisibleAsync();
    }

    private async Task<IPage> SignInAsync(string role, string fullName, int width, int height)
    {
        var page = await portal.NewPageAsync(width, height);
        await StaffAccounts.SignInAsync(page, await StaffAccounts.CreateAsync(portal.ConnectionString, Unit, role, fullName), $"/can-bo/{Unit}");
        return page;
    }

    /// <summary>The board's desk and the request's open papers on it.</summary>
    private static async Task<ILocator> OpenDeskAsync(IPage page, string language, string code)
    {
        await page.GotoAsync($"{language}/can-bo/{Unit}/phuc-khao");
        return page.Locator($"section.regrade-task[data-code='{code}']");
    }

    private static async Task GradeAsync(IPage page, ILocator task, string button, params (string Subject, string Score)[] scores)
    {
        foreach (var (subject, score) in scores)
        {
            await task.GetByLabel(subject, new() { Exact = true }).FillAsync(score);
        }

        // Each save is a decision: the desk answers with a redirect to itself, a refusal with 409 or 422.
        var saved = await page.RunAndWaitForResponseAsync(() => task.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync(),
            r => r.Request.Method == "POST");
        Assert.Equal(302, saved.Status);
    }

    private async Task<string?> StepAsync(string code)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().WorkflowInstances.AsNoTracking()
            .Where(i => i.Correlation == code).Select(i => i.CurrentStep).SingleAsync();
    }

    /// <summary>The publication step runs on a timer the portal's own worker may take first: fire it here too, and wait.</summary>
    private async Task UntilPublishedAsync(string code)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await StepAsync(code) != RegradeWorkflow.Steps.Done)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{code} is in '{await StepAsync(code)}' after 60 s, not published.");
            await using (var scope = portal.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<TimerWorker>().RunOnceAsync(CancellationToken.None);
            }

            await Task.Delay(200);
        }
    }
}
