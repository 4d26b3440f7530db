using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Services.Data;
using Services.Tests.E2e.Infrastructure;
using Services.Workflows.Runtime;
using Services.Workflows.Transfers;
using static Microsoft.Playwright.Assertions;

namespace Services.Tests.E2e.Transfers;

/// <summary>
/// Issue 13's transfer in Chromium, at phone and desktop size, with axe-core on every page the parent and the staff
/// open: a parent asks to move a pupil from a school of Bình An to a school of Long Hòa; the receiving school (which
/// sees the grade's places) and the sending school each act only on their own step — the other school is refused, and
/// a school whose step is over reads the dossier without a decision — the district office of Long Hòa sees nothing
/// until both schools have acted, then approves; the parent follows the timeline by tracking code and downloads the
/// decision letter, a clean PDF in the layout of an administrative decision.
/// </summary>
public sealed class CrossDistrictTransferTests(InProcessPortal portal) : IClassFixture<InProcessPortal>
{
    private const string Sending = "th-nguyen-binh-khiem";
    private const string Receiving = "th-le-loi";
    private const string District = "phong-gd-long-hoa";
    private const string SendingDistrict = "phong-gd-binh-an";
    private const string DistrictName = "Phòng Giáo dục và Đào tạo huyện Long Hòa";
    private const string ParentDateOfBirth = "1988-04-12";
    private const string NoOpenTask = "Hồ sơ không có việc nào đang chờ quý vị xử lý.";
    private const string Letter = "Tải quyết định chuyển trường (PDF)";

    [Theory]
    [InlineData(1366, 900)]
    [InlineData(390, 844)]
    public async Task ACrossDistrictTransferGoesThroughBothSchoolsThenTheDistrictOfficeAndTheParentDownloadsTheDecision(int width, int height)
    {
        var pupil = width > 500 ? "Trần Minh Khôi" : "Võ Gia Hân";
        var email = $"phu-huynh-{Guid.NewGuid():N}@e2e.test";

        // The parent applies at the school the pupil leaves; an empty form first lists what is missing.
        var parent = await portal.NewPageAsync(width, height);
        Assert.Equal(200, (await parent.GotoAsync($"/{Sending}/dich-vu/chuyen-truong"))!.Status);
        await Expect(parent.Locator("h1")).ToHaveTextAsync(TransferService.TitleVi);
        await AssertAccessibleAsync(parent, width);
        await parent.GetByRole(AriaRole.Button, new() { Name = "Nộp hồ sơ" }).ClickAsync();
        await Expect(parent.Locator("#error-summary")).ToContainTextAsync("Trường xin chuyển đến");
        await AssertAccessibleAsync(parent, width);
        var code = await ApplyAsync(parent, pupil, email);
        await AssertAccessibleAsync(parent, width);

        // Followed by tracking code: both schools are reviewing, no decision to download yet.
        await parent.GetByRole(AriaRole.Link, new() { Name = "Tra cứu tình trạng hồ sơ" }).ClickAsync();
        await LookUpAsync(parent, code);
        await Expect(parent.Locator("#dossier-status")).ToHaveTextAsync("Hai trường đang xem xét");
        await ExpectTimelineAsync(parent, "Hai trường đang xem xét");
        await Expect(parent.GetByRole(AriaRole.Button, new() { Name = Letter })).ToHaveCountAsync(0);
        await AssertAccessibleAsync(parent, width);

        // Every staff member signs in at the real time (the second factor's codes are computed from it).
        var receiving = await StaffAsync(Receiving, "Staff", "Lê Tiếp Nhận", width, height);
        var sending = await StaffAsync(Sending, "Staff", "Ngô Chuyển Đi", width, height);
        var district = await StaffAsync(District, "DistrictOfficer", "Phan Phê Duyệt", width, height);
        var otherDistrict = await StaffAsync(SendingDistrict, "DistrictOfficer", "Đinh Quận Khác", width, height);

        // Each school finds the transfer in its own queue; the district office does not, nor can it open it yet.
        await ExpectInQueueAsync(receiving, Receiving, code, true);
        await ExpectInQueueAsync(sending, Sending, code, true);
        await ExpectInQueueAsync(district, District, code, false);
        var districtToken = await TokenAsync(district);
        Assert.Equal(404, (await district.GotoAsync(Desk(District, code)))!.Status);

        // The receiving school decides seeing the grade's pupils and places (the demo city's figures for grade 3).
        Assert.Equal(200, (await receiving.GotoAsync(Desk(Receiving, code)))!.Status);
        await Expect(receiving.Locator("#fact-si-so-khoi")).ToHaveTextAsync("99/105 học sinh trong 3 lớp; còn 6 chỗ");
        await Expect(Decision(receiving, TransferWorkflow.Events.Agree)).ToBeVisibleAsync();
        await AssertAccessibleAsync(receiving, width);
        var receivingToken = await TokenAsync(receiving);

        // The sending school sees its own step, without the receiving school's figures, and cannot open the receiving school's desk.
        Assert.Equal(200, (await sending.GotoAsync(Desk(Sending, code)))!.Status);
        await Expect(Decision(sending, TransferWorkflow.Events.Agree)).ToBeVisibleAsync();
        await Expect(sending.Locator("#staff-facts")).ToHaveCountAsync(0);
        await AssertAccessibleAsync(sending, width);
        var sendingToken = await TokenAsync(sending);
        Assert.Equal(403, (await DecideAsync(sending, Receiving, code, sendingToken, TransferWorkflow.Events.Refuse, "không phải trường của tôi")).Status);
        Assert.Equal(403, (await receiving.APIRequest.GetAsync(Desk(Sending, code))).Status);

        await Decision(receiving, TransferWorkflow.Events.Agree).ClickAsync();
        await Expect(receiving.Locator("#task-heading")).ToContainTextAsync("Hai trường đang xem xét");
        await Expect(receiving.Locator("main")).ToContainTextAsync(NoOpenTask);
        await Expect(receiving.Locator("button[name=decision]")).ToHaveCountAsync(0);
        await AssertAccessibleAsync(receiving, width);
        // Its step is over: a replayed decision is refused and changes nothing.
        var replay = await DecideAsync(receiving, Receiving, code, receivingToken, TransferWorkflow.Events.Refuse, "đổi ý");
        Assert.Equal(409, replay.Status);
        Assert.Contains(NoOpenTask, await replay.TextAsync(), StringComparison.Ordinal);

        // One school has acted: the district office still has nothing to act on, and the parent still sees both schools reviewing.
        Assert.Equal(404, (await district.GotoAsync(Desk(District, code)))!.Status);
        Assert.Equal(404, (await DecideAsync(district, District, code, districtToken, TransferWorkflow.Events.Agree, null)).Status);
        await LookUpAsync(parent, code);
        await Expect(parent.Locator("#dossier-status")).ToHaveTextAsync("Hai trường đang xem xét");

        await Decision(sending, TransferWorkflow.Events.Agree).ClickAsync();
        await Expect(sending.Locator("button[name=decision]")).ToHaveCountAsync(0);
        await UntilStepAsync(code, TransferWorkflow.Steps.District);

        // Now the receiving school's district office decides; the sending school's office never sees the dossier.
        await ExpectInQueueAsync(district, District, code, true);
        Assert.Equal(200, (await district.GotoAsync(Desk(District, code)))!.Status);
        await Expect(district.Locator("main")).ToContainTextAsync(DistrictName);
        await Expect(district.Locator("#staff-facts")).ToHaveCountAsync(0);
        await AssertAccessibleAsync(district, width);
        Assert.Equal(404, (await otherDistrict.GotoAsync(Desk(SendingDistrict, code)))!.Status);
        Assert.Equal(403, (await otherDistrict.APIRequest.GetAsync(Desk(District, code))).Status);
        await sending.GotoAsync(Desk(Sending, code));
        await Expect(sending.Locator("main")).ToContainTextAsync(NoOpenTask);
        await Expect(sending.Locator("button[name=decision]")).ToHaveCountAsync(0);

        await Decision(district, TransferWorkflow.Events.Agree).ClickAsync();
        await Expect(district.Locator("#task-heading")).ToContainTextAsync("Đã chấp thuận chuyển trường");
        await Expect(district.Locator("button[name=decision]")).ToHaveCountAsync(0);

        // The parent reads the whole way the dossier went, in the steps a parent follows, and downloads the decision.
        await LookUpAsync(parent, code);
        await Expect(parent.Locator("#dossier-status")).ToHaveTextAsync("Đã chấp thuận chuyển trường");
        await ExpectTimelineAsync(parent, "Hai trường đang xem xét", "Hai trường đã đồng ý", "Phòng giáo dục đang phê duyệt", "Đã chấp thuận chuyển trường");
        await AssertAccessibleAsync(parent, width);
        var download = await parent.RunAndWaitForDownloadAsync(() => parent.GetByRole(AriaRole.Button, new() { Name = Letter }).ClickAsync());
        Assert.Equal($"quyet-dinh-chuyen-truong-{code}.pdf", download.SuggestedFilename);
        var file = Path.Combine(Path.GetTempPath(), $"quyet-dinh-{Guid.NewGuid():N}.pdf");
        await download.SaveAsAsync(file);
        try
        {
            await PdfTools.AssertQpdfCleanAsync(file);
            // Words only: where a line of the letter wraps is the layout's business.
            var text = Regex.Replace(await PdfTools.TextAsync(file), @"\s+", " ");
            var issued = await IssuedOnAsync(code);
            foreach (var expected in new[]
                     {
                         "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "TRƯỞNG PHÒNG GIÁO DỤC VÀ ĐÀO TẠO HUYỆN LONG HÒA",
                         $"Số: {code}/QĐ-{TransferDecisionLetter.Symbol(DistrictName)}", $"ngày {issued:dd} tháng {issued:MM} năm {issued:yyyy}", "QUYẾT ĐỊNH",
                         $"Điều 1. Cho học sinh {pupil}, sinh ngày 04/05/2018, đang học lớp 3A2 tại Trường Tiểu học Nguyễn Bỉnh Khiêm, được chuyển đến học lớp 3 tại Trường Tiểu học Lê Lợi.",
                     })
            {
                Assert.True(text.Contains(expected, StringComparison.Ordinal), $"'{expected}' is not in the decision letter:\n{text}");
            }
        }
        finally
        {
            File.Delete(file);
        }

        await MailPickup.WaitForMessageToAsync(portal.MailFolder, email, $"Đề nghị chuyển trường ({code}) đã được chấp thuận", TimeSpan.FromSeconds(30));

        // The letter goes to both schools and the office too: each downloads it from the dossier on its own desk;
        // the sending school's office, which never had a step, still cannot open it.
        foreach (var (page, unit) in new[] { (receiving, Receiving), (sending, Sending), (district, District) })
        {
            await page.GotoAsync(Desk(unit, code));
            var letter = await page.RunAndWaitForDownloadAsync(() => page.Locator("#decision-document").ClickAsync());
            Assert.Equal($"quyet-dinh-chuyen-truong-{code}.pdf", letter.SuggestedFilename);
        }

        Assert.Equal(404, (await otherDistrict.APIRequest.GetAsync(Desk(SendingDistrict, code) + "?handler=Document")).Status);

        foreach (var page in new[] { parent, receiving, sending, district, otherDistrict })
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>The parent's pages in English (A1, A3): the form, its error summary, the receipt and the status, in the service's English words.</summary>
    [Theory]
    [InlineData(1366, 900)]
    [InlineData(390, 844)]
    public async Task TheParentsPagesInEnglishAreAccessible(int width, int height)
    {
        var parent = await portal.NewPageAsync(width, height);
        Assert.Equal(200, (await parent.GotoAsync($"/en/{Sending}/dich-vu/chuyen-truong"))!.Status);
        await Expect(parent.Locator("h1")).ToHaveTextAsync(TransferService.TitleEn);
        await AssertAccessibleAsync(parent, width);
        await parent.GetByRole(AriaRole.Button, new() { Name = "Submit application" }).ClickAsync();
        await Expect(parent.Locator("#error-summary")).ToContainTextAsync("Receiving school");
        await AssertAccessibleAsync(parent, width);
        var code = await ApplyAsync(parent, "Đỗ Bảo Ngọc", $"phu-huynh-{Guid.NewGuid():N}@e2e.test", english: true);
        await AssertAccessibleAsync(parent, width);
        await LookUpAsync(parent, code, english: true);
        await Expect(parent.Locator("#dossier-status")).ToHaveTextAsync("Both schools reviewing");
        await ExpectTimelineAsync(parent, "Both schools reviewing");
        await AssertAccessibleAsync(parent, width);
        await parent.Context.CloseAsync();
    }

    private static async Task<string> ApplyAsync(IPage page, string pupil, string email, bool english = false)
    {
        await page.Locator($"#q-{TransferRequest.ApplicantNameKey}").FillAsync("Nguyễn Thị Lan");
        await page.Locator($"#q-{TransferRequest.ApplicantDateOfBirthKey}").FillAsync(ParentDateOfBirth);
        await page.Locator($"#q-{TransferRequest.ApplicantPhoneKey}").FillAsync("0903123456");
        await page.Locator($"#q-{TransferRequest.ApplicantEmailKey}").FillAsync(email);
        await page.Locator($"#q-{TransferRequest.PupilNameKey}").FillAsync(pupil);
        await page.Locator($"#q-{TransferRequest.PupilDateOfBirthKey}").FillAsync("2018-05-04");
        await page.Locator($"#q-{TransferRequest.PupilClassKey}").FillAsync("3A2");
        await page.GetByLabel(english ? "Grade 3" : "Lớp 3", new() { Exact = true }).CheckAsync();
        await page.GetByLabel(english ? "Le Loi Primary School" : "Trường Tiểu học Lê Lợi", new() { Exact = true }).CheckAsync();
        await page.Locator($"#q-{TransferRequest.ReasonKey}").FillAsync("Gia đình chuyển nơi cư trú về huyện Long Hòa.");
        await page.GetByRole(AriaRole.Button, new() { Name = english ? "Submit application" : "Nộp hồ sơ" }).ClickAsync();
        await Expect(page.Locator("#tracking-code")).ToBeVisibleAsync();
        return (await page.Locator("#tracking-code").InnerTextAsync()).Trim();
    }

    /// <summary>The lookup page afresh: the code and the parent's date of birth, the second factor.</summary>
    private static async Task LookUpAsync(IPage page, string code, bool english = false)
    {
        await page.GotoAsync($"{(english ? "/en" : "")}/tra-cuu-ho-so?ma={code}");
        await Expect(page.Locator("#ma")).ToHaveValueAsync(code);
        await page.Locator("#ngay-sinh").FillAsync(ParentDateOfBirth);
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = english ? "Look up" : "Tra cứu", Exact = true }).ClickAsync();
        await Expect(page.Locator("#result-heading")).ToContainTextAsync(code);
    }

    /// <summary>The timeline, oldest first: each line is "time — step", and only these steps.</summary>
    private static Task ExpectTimelineAsync(IPage page, params string[] steps) =>
        Expect(page.Locator("ol.timeline > li")).ToHaveTextAsync(steps.Select(s => new Regex($" — {Regex.Escape(s)}$")).ToArray());

    private async Task<IPage> StaffAsync(string unit, string role, string name, int width, int height)
    {
        var page = await portal.NewPageAsync(width, height);
        await StaffAccounts.SignInAsync(page, await StaffAccounts.CreateAsync(portal.ConnectionString, unit, role, name), $"/can-bo/{unit}");
        return page;
    }

    private static async Task ExpectInQueueAsync(IPage page, string unit, string code, bool listed)
    {
        await page.GotoAsync($"/can-bo/{unit}?q={code}");
        await Expect(page.Locator($"a[href$='/can-bo/{unit}/ho-so/{code}']")).ToHaveCountAsync(listed ? 1 : 0);
        await Expect(page.Locator("#desk-empty")).ToHaveCountAsync(listed ? 0 : 1);
    }

    private static string Desk(string unit, string code) => $"/can-bo/{unit}/ho-so/{code}";

    private static ILocator Decision(IPage page, string decision) => page.Locator($"button[name=decision][value={decision}]");

    /// <summary>The antiforgery token of the signed-in page, to post as a stale tab or a script would.</summary>
    private static async Task<string> TokenAsync(IPage page)
    {
        var token = await page.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        Assert.False(string.IsNullOrEmpty(token));
        return token!;
    }

    private static Task<IAPIResponse> DecideAsync(IPage page, string unit, string code, string token, string decision, string? comment)
    {
        var form = page.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", token);
        form.Set("decision", decision);
        form.Set("Comment", comment ?? "");
        return page.APIRequest.PostAsync($"{Desk(unit, code)}?handler=Decide", new() { Form = form, MaxRedirects = 0 });
    }

    /// <summary>The routing step runs on the portal's own timer worker; this waits until it has moved the dossier on.</summary>
    private async Task UntilStepAsync(string code, string step)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await using var scope = portal.Services.CreateAsyncScope();
            var current = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().WorkflowInstances.AsNoTracking()
                .Where(i => i.Correlation == code).Select(i => i.CurrentStep).SingleAsync();
            if (current == step)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{code} is at '{current}', not '{step}', after 60 s.");
            await Task.Delay(200);
        }
    }

    /// <summary>The day the decision was issued: the day, in Việt Nam, the workflow completed.</summary>
    private async Task<DateOnly> IssuedOnAsync(string code)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var completed = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().WorkflowInstances.AsNoTracking()
            .Where(i => i.Correlation == code).Select(i => i.CompletedAt).SingleAsync();
        Assert.NotNull(completed);
        return WorkingCalendar.LocalDate(completed.Value);
    }

    private static async Task AssertAccessibleAsync(IPage page, int width)
    {
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            $"{page.Url} scrolls sideways at {width}px.");
        await Axe.AssertNoViolationsAsync(page);
    }
}
