using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Services.Tests.E2e.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Services.Tests.E2e.Transfers;

/// <summary>
/// A transfer across district offices in Chromium, at phone and desktop size: a parent asks to move a pupil from a
/// school under Bình An to one under Long Hòa; the receiving school (which sees its grade's pupils and places) and the
/// sending school each act only on their own step — the other school's page and a forged post are refused, and the
/// district office has nothing to act on until both have; then the Long Hòa office approves, and the parent follows
/// the timeline by tracking code and downloads the decision letter, whose text carries the national motto, the number
/// and symbol, the issuing office and the pupil, and which qpdf finds clean.
/// </summary>
[Collection(SharedPortal.Name)]
public sealed partial class CrossDistrictTransferTests(PortalApp app) : BrowserTest(app)
{
    private const string Sending = "th-nguyen-binh-khiem";
    private const string Receiving = "th-le-loi";
    private const string District = "phong-gd-long-hoa";

    /// <summary>Each unit's step, as the parent's timeline names it.</summary>
    private static readonly string[] TimelineSteps = ["Trường đến xem xét tiếp nhận", "Trường đi xác nhận, chuyển học bạ", "Phòng giáo dục phê duyệt"];

    [Theory]
    [InlineData(390, 844, "Trần Minh Khôi")]
    [InlineData(1366, 900, "Lê Bảo Ngọc")]
    public Task AParentsRequestGoesThroughBothSchoolsThenTheDistrictOfficeAndTheParentDownloadsTheDecision(int width, int height, string pupil) =>
        WithPageAsync(async parent =>
        {
            // The parent asks on the sending school's portal.
            await GoAsync(parent, $"/{Sending}/dich-vu/chuyen-truong");
            await parent.GetByLabel("Họ và tên cha, mẹ hoặc người giám hộ").FillAsync("Nguyễn Thị Lan");
            await parent.GetByLabel("Ngày sinh người nộp").FillAsync("1988-04-12");
            await parent.GetByLabel("Số điện thoại").FillAsync("0903123456");
            await parent.GetByLabel("Họ và tên học sinh").FillAsync(pupil);
            await parent.GetByLabel("Ngày sinh của học sinh").FillAsync("2018-05-04");
            await parent.GetByLabel("Lớp đang học").FillAsync("3A2");
            // Choices are radio groups (a fieldset with its legend).
            await parent.GetByRole(AriaRole.Group, new() { Name = "Khối lớp xin chuyển đến" }).GetByLabel("Lớp 3", new() { Exact = true }).CheckAsync();
            await parent.GetByRole(AriaRole.Group, new() { Name = "Trường xin chuyển đến" }).GetByLabel("Trường Tiểu học Lê Lợi", new() { Exact = true }).CheckAsync();
            await parent.GetByLabel("Lý do xin chuyển trường").FillAsync("Gia đình chuyển nơi cư trú về huyện Long Hòa.");
            await Axe.AssertNoViolationsAsync(parent);
            await parent.GetByRole(AriaRole.Button, new() { Name = "Nộp hồ sơ" }).ClickAsync();
            var code = (await parent.Locator("#tracking-code").InnerTextAsync()).Trim();
            Assert.Matches("^HS-", code);

            var receiving = await SignedInAsync(Receiving, "Staff", "Huỳnh Thị Đến", $"/can-bo/{Receiving}");
            var sending = await SignedInAsync(Sending, "Staff", "Trần Văn Đi", $"/can-bo/{Sending}");
            var district = await SignedInAsync(District, "DistrictOfficer", "Phan Văn Duyệt", $"/can-bo/{District}");

            // The district office has nothing yet: not in its queue, its page of the dossier does not exist, a forged decision is refused.
            await Expect(district.GetByRole(AriaRole.Link, new() { Name = code })).ToHaveCountAsync(0);
            Assert.Equal(404, (await district.GotoAsync($"/can-bo/{District}/ho-so/{code}"))!.Status);
            Assert.Equal(404, (await ForgedDecisionAsync(district, $"/can-bo/{District}", $"/can-bo/{District}/ho-so/{code}")).Status);

            // Both schools have it in their queue, each with only its own step to decide.
            await receiving.GetByRole(AriaRole.Link, new() { Name = code }).ClickAsync();
            await receiving.WaitForURLAsync($"**/can-bo/{Receiving}/ho-so/{code}");
            await Expect(receiving.Locator("#fact-si-so-khoi")).ToContainTextAsync("học sinh trong 3 lớp");
            await Axe.AssertNoViolationsAsync(receiving);

            // The receiving school cannot act on the sending school's step: that page is refused, and so is a forged post to it.
            Assert.Equal(403, (await receiving.APIRequest.GetAsync($"/can-bo/{Sending}/ho-so/{code}", new() { MaxRedirects = 0 })).Status);
            Assert.Equal(403, (await ForgedDecisionAsync(receiving, $"/can-bo/{Receiving}/ho-so/{code}", $"/can-bo/{Sending}/ho-so/{code}")).Status);

            await receiving.GetByRole(AriaRole.Button, new() { Name = "Đồng ý" }).ClickAsync();
            await Expect(receiving.GetByRole(AriaRole.Button, new() { Name = "Đồng ý" })).ToHaveCountAsync(0);
            // Decided: read-only afterwards, out of the queue, and a replayed decision is refused.
            Assert.Equal(409, (await ForgedDecisionAsync(receiving, $"/can-bo/{Receiving}/ho-so/{code}", $"/can-bo/{Receiving}/ho-so/{code}")).Status);
            await receiving.GotoAsync($"/can-bo/{Receiving}");
            await Expect(receiving.GetByRole(AriaRole.Link, new() { Name = code })).ToHaveCountAsync(0);

            // Still nothing for the district office while the sending school has not released the record.
            await district.ReloadAsync();
            await Expect(district.GetByRole(AriaRole.Link, new() { Name = code })).ToHaveCountAsync(0);

            await sending.GetByRole(AriaRole.Link, new() { Name = code }).ClickAsync();
            await sending.WaitForURLAsync($"**/can-bo/{Sending}/ho-so/{code}");
            await Expect(sending.Locator("#staff-facts")).ToHaveCountAsync(0);
            Assert.Equal(403, (await ForgedDecisionAsync(sending, $"/can-bo/{Sending}/ho-so/{code}", $"/can-bo/{Receiving}/ho-so/{code}")).Status);
            await sending.GetByRole(AriaRole.Button, new() { Name = "Đồng ý" }).ClickAsync();
            await Expect(sending.GetByRole(AriaRole.Button, new() { Name = "Đồng ý" })).ToHaveCountAsync(0);

            // Both schools have agreed: the routing step (run by the portal's timer workers) brings it to Long Hòa.
            for (var attempt = 0; attempt < 60; attempt++)
            {
                await district.GotoAsync($"/can-bo/{District}");
                if (await district.GetByRole(AriaRole.Link, new() { Name = code }).CountAsync() > 0)
                {
                    break;
                }

                await Task.Delay(500);
            }

            await district.GetByRole(AriaRole.Link, new() { Name = code }).ClickAsync();
            await district.WaitForURLAsync($"**/can-bo/{District}/ho-so/{code}");
            await Axe.AssertNoViolationsAsync(district);
            await district.GetByRole(AriaRole.Button, new() { Name = "Đồng ý" }).ClickAsync();
            await Expect(district.GetByRole(AriaRole.Button, new() { Name = "Đồng ý" })).ToHaveCountAsync(0);

            // The parent follows it by tracking code: the timeline shows each unit's step, and the decision downloads.
            await GoAsync(parent, "/tra-cuu-ho-so");
            await parent.GetByLabel("Mã hồ sơ").FillAsync(code);
            await parent.GetByLabel("Ngày sinh người nộp").FillAsync("1988-04-12");
            await parent.GetByRole(AriaRole.Button, new() { Name = "Tra cứu" }).ClickAsync();
            await Expect(parent.Locator("#dossier-status")).ToHaveTextAsync("Đã chấp thuận chuyển trường");
            var timeline = await parent.Locator("ol.timeline").InnerTextAsync();
            foreach (var step in TimelineSteps)
            {
                Assert.True(timeline.Contains(step, StringComparison.Ordinal), $"{step} not in the timeline:\n{timeline}");
            }

            await Axe.AssertNoViolationsAsync(parent);
            var download = await parent.RunAndWaitForDownloadAsync(() => parent.GetByRole(AriaRole.Button, new() { Name = "Tải quyết định chuyển trường (PDF)" }).ClickAsync());
            Assert.Equal($"quyet-dinh-chuyen-truong-{code}.pdf", download.SuggestedFilename);
            var file = await download.PathAsync();
            await PdfTools.AssertQpdfCleanAsync(file);
            var text = await PdfTools.TextAsync(file);
            var flat = Spaces().Replace(text, " ");
            foreach (var expected in new[] { "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", $"Số: {code}/QĐ-PGDĐT", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "LONG HÒA", pupil, "TRƯỞNG PHÒNG" })
            {
                Assert.True(flat.Contains(expected, StringComparison.Ordinal), $"\"{expected}\" not in the decision letter:\n{text}");
            }
        }, width, height);

    /// <summary>A fresh account of the unit, signed in (with its first two-factor set-up) on a page of its own.</summary>
    private async Task<IPage> SignedInAsync(string unit, string role, string name, string start)
    {
        var page = await NewPageAsync();
        await StaffAccounts.SignInAsync(page, await StaffAccounts.CreateAsync(App, unit, role, name), start);
        return page;
    }

    /// <summary>
    /// A decision posted straight to <paramref name="target"/> with this user's own valid antiforgery token (read on
    /// <paramref name="tokenPage"/>), as a forged form or a replay would: the answer says whether the portal acted on it.
    /// </summary>
    private static async Task<IAPIResponse> ForgedDecisionAsync(IPage page, string tokenPage, string target)
    {
        await page.GotoAsync(tokenPage);

        var token = await page.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        Assert.False(string.IsNullOrEmpty(token), $"No antiforgery token on {tokenPage}");
        var form = page.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", token!);
        form.Set("decision", "agree");
        return await page.APIRequest.PostAsync($"{target}?handler=Decide", new() { Form = form, MaxRedirects = 0 });
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
