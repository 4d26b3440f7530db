using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Services.Data;
using Services.Data.Admissions;
using Services.Tests.E2e.Infrastructure;
using Services.Workflows.Admissions;
using Services.Workflows.Runtime;
using static Microsoft.Playwright.Assertions;
using Phases = Services.Workflows.Admissions.AdmissionCampaignWorkflow.Phases;

namespace Services.Tests.E2e.Admissions;

/// <summary>
/// Issue 11's journey in Chromium, Vietnamese and English, phone and desktop, with axe-core on every admissions page
/// it passes: three families preview and apply (one downloads the receipt), the school's staff verify the three
/// dossiers, the clock passes the registration deadline and the draw runs, the results stay under embargo until their
/// time, then the first family reads its offer with the explanation and confirms, the second never answers, and at
/// the confirmation deadline its seat goes to the third family, first on the waiting list.
/// </summary>
public sealed class AdmissionJourneyTests(InProcessPortal portal) : IClassFixture<InProcessPortal>
{
    private const string Office = "phong-gd-binh-an";
    private const string School = "th-nguyen-binh-khiem";
    private const string ZoneWard = "Phường Đa Kao";
    private static int _year = 2090;

    [Theory]
    [InlineData(1366, 900, "")]
    [InlineData(390, 844, "")]
    [InlineData(1366, 900, "/en")]
    [InlineData(390, 844, "/en")]
    public async Task FamiliesApplyStaffVerifyTheDrawIsExplainedAndAnUnconfirmedSeatGoesToTheWaitingList(int width, int height, string language)
    {
        var english = language.Length > 0;
        // Every case signs in at the real time (the second factor's codes are computed from it); the calendar is then moved.
        portal.Clock.Reset();
        var campaign = await CreateCampaignAsync();
        await WaitForPhaseAsync(campaign, Phases.Registration);

        var first = new Family("Lê Minh An", RandomPersonalId(), "2020-02-03", ZoneWard);
        var second = new Family("Phạm Gia Bảo", RandomPersonalId(), "2020-05-06", ZoneWard);
        var third = new Family("Vũ Thu Cúc", RandomPersonalId(), "2020-07-08", AdmissionRequest.OtherWard);

        // The first family previews (its ward is in the school's zone), applies and downloads the receipt.
        var parent = await portal.NewPageAsync(width, height);
        Assert.Equal(200, (await parent.GotoAsync($"{language}/{Office}/dich-vu/tuyen-sinh"))!.Status);
        await Expect(parent.Locator("h1")).ToContainTextAsync(campaign.SchoolYear);
        await AssertAccessibleAsync(parent, width);
        await parent.Locator("#phuong").SelectOptionAsync(ZoneWard);
        await parent.Locator("#cu-tru").SelectOptionAsync(nameof(ResidenceCategory.Permanent));
        await parent.GetByRole(AriaRole.Button, new() { Name = english ? "Show" : "Xem", Exact = true }).ClickAsync();
        await Expect(parent.Locator("tbody")).ToContainTextAsync(english ? "Zone school" : "Đúng tuyến");
        await AssertAccessibleAsync(parent, width);
        await parent.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = english ? "Apply" : "Đăng ký tuyển sinh", Exact = true }).ClickAsync();
        await parent.WaitForURLAsync("**/tuyen-sinh/dang-ky");
        await AssertAccessibleAsync(parent, width);

        // An empty submission lists what is missing, accessibly.
        await parent.GetByRole(AriaRole.Button, new() { Name = english ? "Submit application" : "Nộp hồ sơ" }).ClickAsync();
        await Expect(parent.Locator("#error-summary")).ToBeVisibleAsync();
        await AssertAccessibleAsync(parent, width);

        var firstCode = await ApplyAsync(parent, first, english);
        await AssertAccessibleAsync(parent, width);
        var download = await parent.RunAndWaitForDownloadAsync(() =>
            parent.GetByRole(AriaRole.Button, new() { Name = english ? "Download the receipt (PDF)" : "Tải giấy biên nhận (PDF)" }).ClickAsync());
        var receipt = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.Equal("%PDF-"u8.ToArray(), receipt[..5]);

        var others = await portal.NewPageAsync(width, height);
        await others.GotoAsync($"{language}/{Office}/dich-vu/tuyen-sinh/dang-ky");
        var secondCode = await ApplyAsync(others, second, english);
        await others.GotoAsync($"{language}/{Office}/dich-vu/tuyen-sinh/dang-ky");
        var thirdCode = await ApplyAsync(others, third, english);

        // The school's staff verify the three dossiers in their queue; the list shows no placement yet.
        var staff = await portal.NewPageAsync(width, height);
        await StaffAccounts.SignInAsync(staff, await StaffAccounts.CreateAsync(portal.ConnectionString, School, "Staff", "Đỗ Xác Minh"), $"/can-bo/{School}");
        foreach (var code in new[] { firstCode, secondCode, thirdCode })
        {
            await staff.GotoAsync($"{language}/can-bo/{School}/ho-so/{code}");
            await AssertAccessibleAsync(staff, width);
            await staff.Locator($"button[name=decision][value={AdmissionApplicationWorkflow.Events.AcceptDocuments}]").ClickAsync();
            await Expect(staff.Locator("#history")).ToContainTextAsync(english ? "Documents verified" : "Xác nhận hồ sơ hợp lệ");
        }

        await staff.GotoAsync($"{language}/can-bo/{School}/tuyen-sinh");
        await Expect(staff.Locator("#staff-embargo")).ToBeVisibleAsync();
        await Expect(staff.Locator("tbody")).ToContainTextAsync(first.Name);
        await AssertAccessibleAsync(staff, width);

        var officeAdmin = await portal.NewPageAsync(width, height);
        await StaffAccounts.SignInAsync(officeAdmin, await StaffAccounts.CreateAsync(portal.ConnectionString, Office, "UnitAdmin", "Trịnh Tuyển Sinh"), $"/quan-tri/{Office}/tuyen-sinh");
        await officeAdmin.GotoAsync($"{language}/quan-tri/{Office}/tuyen-sinh");
        await Expect(officeAdmin.Locator("main")).ToContainTextAsync(campaign.Seed);
        await AssertAccessibleAsync(officeAdmin, width);

        // Registration and verification close; the draw runs, but its result stays under embargo until its time.
        MoveTo(campaign.AllocationAt.AddMinutes(1));
        await WaitForPhaseAsync(campaign, Phases.Embargo);
        await parent.GotoAsync($"{language}/{Office}/dich-vu/tuyen-sinh/ket-qua");
        await Expect(parent.Locator("#result-embargo")).ToBeVisibleAsync();
        await Expect(parent.Locator("#ma-dinh-danh")).ToHaveCountAsync(0);
        await AssertAccessibleAsync(parent, width);
        // The public lists: the candidates, masked; the admitted list only says when it comes.
        await parent.GotoAsync($"{language}/{Office}/dich-vu/tuyen-sinh/danh-sach?truong={School}");
        await Expect(parent.Locator("#candidates tbody")).ToContainTextAsync(PublicMask.Name(first.Name));
        await Expect(parent.Locator("#admitted-embargo")).ToBeVisibleAsync();
        await Expect(parent.Locator("#admitted-list")).ToHaveCountAsync(0);
        await AssertAccessibleAsync(parent, width);
        await parent.GotoAsync($"{language}/{Office}/dich-vu/tuyen-sinh/thong-tin");
        await Expect(parent.Locator("#info-plan-text")).ToBeVisibleAsync();
        await AssertAccessibleAsync(parent, width);

        MoveTo(campaign.ResultsAt.AddMinutes(1));
        await WaitForPhaseAsync(campaign, Phases.Results);
        await LookUpAsync(parent, first, language);
        await Expect(parent.Locator("#result-status")).ToHaveAttributeAsync("data-status", nameof(AdmissionStatus.Placed));
        await Expect(parent.Locator("#result-explanation li[data-outcome=Placed]")).ToContainTextAsync(english
            ? "placed. At this school the child is in group A, rank"
            : "trúng tuyển. Tại trường này trẻ thuộc nhóm A, xếp thứ");
        await Expect(parent.Locator("#result-explanation")).ToContainTextAsync(english ? "of 3 applicants, for 2 seats" : "trên 3 hồ sơ đăng ký trường, với 2 chỉ tiêu");
        await AssertAccessibleAsync(parent, width);
        await parent.GetByRole(AriaRole.Button, new() { Name = english ? "Confirm enrolment" : "Xác nhận nhập học" }).ClickAsync();
        await Expect(parent.Locator("#result-status")).ToHaveAttributeAsync("data-status", nameof(AdmissionStatus.Confirmed));
        await AssertAccessibleAsync(parent, width);
        await parent.GotoAsync($"{language}/{Office}/dich-vu/tuyen-sinh/danh-sach?truong={School}");
        await Expect(parent.Locator("#admitted-list tbody")).ToContainTextAsync(PublicMask.Name(first.Name));
        await Expect(parent.Locator("#admitted-list tbody")).Not.ToContainTextAsync(PublicMask.Name(third.Name));
        await AssertAccessibleAsync(parent, width);

        // The third family (out of zone) is first on the waiting list, and is told why.
        var waiting = await portal.NewPageAsync(width, height);
        await LookUpAsync(waiting, third, language);
        await Expect(waiting.Locator("#result-status")).ToHaveAttributeAsync("data-status", nameof(AdmissionStatus.Unplaced));
        await Expect(waiting.Locator("#result-explanation li[data-outcome=Full]")).ToContainTextAsync(english ? "group D, rank 3 of 3" : "nhóm D, xếp thứ 3 trên 3");

        // The second family never answers: at the deadline its seat is released and offered to the waiting list.
        MoveTo(campaign.ConfirmationAt.AddMinutes(1));
        await WaitForPhaseAsync(campaign, Phases.Confirmation);
        MoveTo(campaign.SecondRoundAt.AddMinutes(1));
        await WaitForPhaseAsync(campaign, Phases.SecondRound);
        await LookUpAsync(waiting, third, language);
        await Expect(waiting.Locator("#result-status")).ToHaveAttributeAsync("data-status", nameof(AdmissionStatus.Placed));
        await Expect(waiting.Locator("#result-explanation li[data-outcome=Placed]")).ToHaveCountAsync(1);
        await AssertAccessibleAsync(waiting, width);

        var silent = await portal.NewPageAsync(width, height);
        await LookUpAsync(silent, second, language);
        await Expect(silent.Locator("#result-status")).ToHaveAttributeAsync("data-status", nameof(AdmissionStatus.Released));
        await AssertAccessibleAsync(silent, width);

        await LookUpAsync(parent, first, language);
        await Expect(parent.Locator("#result-status")).ToHaveAttributeAsync("data-status", nameof(AdmissionStatus.Confirmed));

        foreach (var page in new[] { parent, others, staff, officeAdmin, waiting, silent })
        {
            await page.Context.CloseAsync();
        }
    }

    private sealed record Family(string Name, string PersonalId, string DateOfBirth, string Ward);

    private static async Task<string> ApplyAsync(IPage page, Family family, bool english)
    {
        await page.Locator($"#q-{AdmissionRequest.ChildNameKey}").FillAsync(family.Name);
        await page.Locator($"#q-{AdmissionRequest.ChildDateOfBirthKey}").FillAsync(family.DateOfBirth);
        await page.Locator($"[id='q-{AdmissionRequest.ChildSexKey}-nu']").CheckAsync();
        await page.Locator($"#q-{AdmissionRequest.PersonalIdKey}").FillAsync(family.PersonalId);
        await page.Locator($"#q-{AdmissionRequest.PlaceOfBirthKey}").FillAsync("Thành phố Hồ Chí Minh");
        await page.Locator($"#q-{AdmissionRequest.ParentNameKey}").FillAsync($"Phụ huynh của {family.Name}");
        await page.Locator($"#q-{AdmissionRequest.ParentDateOfBirthKey}").FillAsync("1990-01-15");
        await page.Locator($"#q-{AdmissionRequest.ParentPhoneKey}").FillAsync("0903123456");
        await page.Locator($"#q-{AdmissionRequest.ParentEmailKey}").FillAsync($"{family.PersonalId}@e2e.test");
        await page.Locator($"[id='q-{AdmissionRequest.ResidenceKey}-{nameof(ResidenceCategory.Permanent)}']").CheckAsync();
        await page.Locator($"#q-{AdmissionRequest.AddressKey}").FillAsync("12 Đinh Tiên Hoàng");
        await page.Locator($"[id='q-{AdmissionRequest.WardKey}-{family.Ward}']").CheckAsync();
        await page.Locator($"[id^='q-{AdmissionRequest.ChoiceKeyPrefix}1-']").First.CheckAsync();
        await page.Locator($"#q-{AdmissionRequest.DeclarationKey}").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = english ? "Submit application" : "Nộp hồ sơ" }).ClickAsync();
        await Expect(page.Locator("#tracking-code")).ToBeVisibleAsync();
        return (await page.Locator("#tracking-code").InnerTextAsync()).Trim();
    }

    /// <summary>Opens the result page afresh (its form exists only once results are published) and looks the child up.</summary>
    private static async Task LookUpAsync(IPage page, Family family, string language)
    {
        var english = language.Length > 0;
        await page.GotoAsync($"{language}/{Office}/dich-vu/tuyen-sinh/ket-qua");
        await page.Locator("#ma-dinh-danh").FillAsync(family.PersonalId);
        await page.Locator("#ngay-sinh").FillAsync(family.DateOfBirth);
        await page.GetByRole(AriaRole.Button, new() { Name = english ? "Look up" : "Tra cứu", Exact = true }).ClickAsync();
        await Expect(page.Locator("#result-heading")).ToHaveTextAsync(family.Name);
    }

    private static async Task AssertAccessibleAsync(IPage page, int width)
    {
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            $"{page.Url} scrolls sideways at {width}px.");
        await Axe.AssertNoViolationsAsync(page);
    }

    /// <summary>A campaign of the district office with one school of two seats, in registration from now on.</summary>
    private async Task<AdmissionCampaign> CreateCampaignAsync()
    {
        var now = portal.Clock.GetUtcNow();
        var year = Interlocked.Increment(ref _year);
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var office = await db.Units.SingleAsync(u => u.Slug == Office);
        var school = await db.Units.SingleAsync(u => u.Slug == School);
        var campaign = new AdmissionCampaign
        {
            // The newest school year is the one the pages show.
            UnitId = office.Id, SchoolYear = $"{year}-{year + 1}", Grade = 1, MaxChoices = 1, Seed = Lottery.NewSeed(),
            DataConfirmationAt = now.AddDays(-2), RegistrationAt = now.AddDays(-1), VerificationAt = now.AddDays(1), AllocationAt = now.AddDays(2),
            ResultsAt = now.AddDays(3), ConfirmationAt = now.AddDays(4), SecondRoundAt = now.AddDays(6), ClosesAt = now.AddDays(10),
        };
        campaign.Schools.Add(new AdmissionSchool { SchoolId = school.Id, Seats = 2, Classes = 1, ZoneWards = [ZoneWard] });
        return await scope.ServiceProvider.GetRequiredService<AdmissionCampaigns>().CreateAsync(campaign, Actor.System("e2e"), CancellationToken.None);
    }

    private void MoveTo(DateTimeOffset at) => portal.Clock.MoveTo(at);

    /// <summary>The app's own timer and automated-step workers move the campaign; this waits until they have.</summary>
    private async Task WaitForPhaseAsync(AdmissionCampaign campaign, string phase)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await using var scope = portal.Services.CreateAsyncScope();
            var current = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().WorkflowInstances.AsNoTracking()
                .Where(i => i.Id == campaign.WorkflowInstanceId).Select(i => i.CurrentStep).SingleAsync();
            if (current == phase)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The campaign is in '{current}', not '{phase}', after 60 s.");
            await Task.Delay(200);
        }
    }

    private static string RandomPersonalId() =>
        "079" + Random.Shared.NextInt64(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture);
}
