using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Services.Data;
using Services.Data.Consultations;
using Services.Data.Identity;
using Services.Tests.E2e.Infrastructure;
using Services.Workflows.Consultations;
using Services.Workflows.Runtime;
using static Microsoft.Playwright.Assertions;
using Events = Services.Workflows.Consultations.ConsultationWorkflow.Events;

namespace Services.Tests.E2e.Consultations;

/// <summary>
/// A public consultation in Chromium on the in-process portal: published through its editorial steps, two citizens
/// comment (one on a section, one on a phone) and confirm by the e-mailed link, one comment is moderated away, the
/// portal's clock is moved past the deadline and the page stops taking comments, dispositions are entered, the
/// report PDF lists every comment with its disposition and every commenter is e-mailed. axe-core finds nothing on
/// the public pages in Vietnamese and English at phone and desktop size.
/// </summary>
public sealed class ConsultationTests(InProcessPortal portal) : IClassFixture<InProcessPortal>
{
    private const string Office = "phong-gd-binh-an";

    /// <summary>A section of two lines, as the unit typed it.</summary>
    private const string ScopeText = "Áp dụng cho các trường tiểu học trên địa bàn.\nKhông áp dụng cho các trung tâm giáo dục thường xuyên.";

    [Fact]
    public async Task AConsultationTakesConfirmedCommentsClosesWhenTheClockPassesItsDeadlineAndEndsInAReportEveryCommenterGets()
    {
        var (id, unitId) = await PublishAsync();
        var path = $"/{Office}/gop-y/{id}";

        var first = await portal.NewPageAsync(1366, 900);
        await first.GotoAsync($"/{Office}/gop-y");
        await Axe.AssertNoViolationsAsync(first);
        await first.GetByRole(AriaRole.Link, new() { Name = "Dự thảo quy định đón trả học sinh" }).ClickAsync();
        await first.WaitForURLAsync($"**{path}");
        await Expect(first.Locator("#issues")).ToContainTextAsync("Giờ đón trả");
        await Expect(first.Locator("#stage")).ToContainTextAsync("còn 2 ngày");

        // Under the portal's own CSP (no bypass, unlike the pages axe-core is injected into) a section keeps its line breaks.
        var strict = await portal.Browser.NewContextAsync(new() { BaseURL = portal.BaseUrl.ToString(), Locale = "vi-VN" });
        var reader = await strict.NewPageAsync();
        await reader.GotoAsync(path);
        Assert.Equal(ScopeText, await reader.Locator("#phan-0 p").InnerTextAsync());
        await strict.CloseAsync();
        await CommentAsync(first, "Ngô Thị Hạnh", "hanh@example.vn", "Nên thêm cổng đón phụ ở đường Trần Phú.", null);

        var second = await portal.NewPageAsync(390, 844);
        await second.GotoAsync(path);
        await CommentAsync(second, "Đỗ Minh Quân", "quan@example.vn", "Giờ đón nên lùi đến 17 giờ 15.", "Điều 2. Giờ đón trả");

        // Not counted before the links are followed.
        await first.ReloadAsync();
        await Expect(first.Locator("article")).ToHaveCountAsync(0);
        await ConfirmAsync(first, "hanh@example.vn");
        await ConfirmAsync(second, "quan@example.vn");
        await first.GotoAsync(path);
        await Expect(first.Locator("article")).ToHaveCountAsync(2);

        // One comment is moderated away by the unit's editor, on the consultation's staff page.
        var quan = await InScopeAsync(async s => await s.GetRequiredService<PortalDbContext>().ConsultationComments.SingleAsync(c => c.Email == "quan@example.vn"));
        Assert.Equal(1, quan.Section);
        var manage = $"/quan-tri/{Office}/gop-y/{id}";
        var editor = await portal.NewPageAsync(1366, 900);
        await StaffAccounts.SignInAsync(editor, await StaffAccounts.CreateAsync(portal.ConnectionString, Office, "Editor", "Phan Kiểm Duyệt"), manage);
        await editor.Locator($"#c-{quan.Id}").GetByRole(AriaRole.Button, new() { Name = "Ẩn góp ý" }).ClickAsync();
        await Expect(editor.Locator($"#c-{quan.Id}")).ToHaveAttributeAsync("data-visibility", nameof(CommentVisibility.Hidden));
        await Axe.AssertNoViolationsAsync(editor);
        await editor.Context.CloseAsync();
        await first.ReloadAsync();
        await Expect(first.Locator("article")).ToHaveCountAsync(1);
        await Expect(first.Locator("article")).ToContainTextAsync("Trần Phú");

        foreach (var (width, height) in new[] { (390, 844), (1366, 900) })
        {
            foreach (var language in new[] { "", "/en" })
            {
                var page = await portal.NewPageAsync(width, height);
                await page.GotoAsync(language + path);
                await Expect(page.Locator("h1")).ToContainTextAsync("Dự thảo quy định đón trả học sinh");
                await Axe.AssertNoViolationsAsync(page);
                await page.GotoAsync($"{language}/{Office}/gop-y");
                await Axe.AssertNoViolationsAsync(page);
                await page.Context.CloseAsync();
            }
        }

        // A valid token of the open page, to post a comment after the deadline as a stale tab or a script would.
        await first.GotoAsync(path);
        var token = await first.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        Assert.False(string.IsNullOrEmpty(token));

        // The clock passes the deadline: the timer closes the consultation and the page takes no more comments.
        portal.Clock.Advance(TimeSpan.FromDays(3));
        await UntilStageAsync(id, ConsultationWorkflow.Steps.Closed);
        await first.ReloadAsync();
        await Expect(first.Locator("#stage")).ToHaveTextAsync("Đã hết hạn góp ý");
        await Expect(first.GetByRole(AriaRole.Button, new() { Name = "Gửi góp ý" })).ToHaveCountAsync(0);
        var late = first.APIRequest.CreateFormData();
        foreach (var (name, value) in new[] { ("__RequestVerificationToken", token!), ("ten", "Vũ Văn Muộn"), ("email", "muon@example.vn"), ("noi-dung", "Góp ý sau hạn."), ("phan", ""), ("to-chuc", "") })
        {
            late.Set(name, value);
        }

        var refused = await first.APIRequest.PostAsync($"{path}?handler=Comment", new() { Form = late, MaxRedirects = 0 });
        Assert.Equal(409, refused.Status);
        Assert.Contains("Đã hết hạn góp ý", await refused.TextAsync(), StringComparison.Ordinal);
        Assert.False(await InScopeAsync(s => s.GetRequiredService<PortalDbContext>().ConsultationComments.AnyAsync(c => c.Email == "muon@example.vn")));

        // The approver enters a disposition for each comment on the staff page, then publishes the report, which
        // every commenter is mailed.
        var comments = await InScopeAsync(s => s.GetRequiredService<ConsultationRegistry>().CommentsAsync(id, CancellationToken.None));
        Assert.Equal(2, comments.Count);
        var approver = await portal.NewPageAsync(390, 844);
        await StaffAccounts.SignInAsync(approver, await StaffAccounts.CreateAsync(portal.ConnectionString, Office, "Approver", "Lâm Phê Duyệt"), manage, portal.Clock);
        await Axe.AssertNoViolationsAsync(approver);
        foreach (var comment in comments)
        {
            var (disposition, reason) = comment.Email == "hanh@example.vn" ? (Disposition.Accepted, "Bổ sung cổng phụ.") : (Disposition.PartlyAccepted, "Lùi đến 17 giờ.");
            var article = approver.Locator($"#c-{comment.Id}");
            await article.GetByLabel("Tiếp thu, giải trình").SelectOptionAsync(disposition.ToString());
            await article.GetByLabel("Lý do").FillAsync(reason);
            await article.GetByRole(AriaRole.Button, new() { Name = "Lưu" }).ClickAsync();
            await Expect(approver.Locator($"#c-{comment.Id}")).ToHaveAttributeAsync("data-disposition", disposition.ToString());
        }

        await approver.Locator("#publish-report").ClickAsync();
        await Expect(approver.Locator("#publish-report")).ToHaveCountAsync(0);
        await approver.Context.CloseAsync();

        await first.ReloadAsync();
        await Expect(first.Locator("#report")).ToContainTextAsync("Tiếp thu một phần");
        await Axe.AssertNoViolationsAsync(first);
        var pdf = await first.APIRequest.GetAsync($"{path}?handler=Pdf");
        Assert.Equal("application/pdf", pdf.Headers["content-type"]);
        var file = Path.Combine(Path.GetTempPath(), $"bao-cao-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, await pdf.BodyAsync());
        try
        {
            var text = await PdfTools.TextAsync(file);
            foreach (var expected in new[] { "Ngô Thị Hạnh", "Đỗ Minh Quân", "Tiếp thu", "Tiếp thu một phần", "[Điều 2. Giờ đón trả]" })
            {
                Assert.True(text.Contains(expected, StringComparison.Ordinal), $"{expected} not in the report:\n{text}");
            }
        }
        finally
        {
            File.Delete(file);
        }

        foreach (var commenter in new[] { "hanh@example.vn", "quan@example.vn" })
        {
            await MailPickup.WaitForMessageToAsync(portal.MailFolder, commenter, "đã công bố báo cáo tiếp thu, giải trình", TimeSpan.FromSeconds(30));
        }
    }

    private async Task<(Guid Id, Guid UnitId)> PublishAsync()
    {
        var unitId = await InScopeAsync(async s => (await s.GetRequiredService<PortalDbContext>().Units.SingleAsync(u => u.Slug == Office)).Id);
        var now = portal.Clock.GetUtcNow();
        var author = Staff("Biên tập viên", unitId, PortalRole.Editor);
        var approver = Staff("Trưởng phòng", unitId, PortalRole.Approver);
        var consultation = await InScopeAsync(s => s.GetRequiredService<ConsultationRegistry>().CreateAsync(new Consultation
        {
            UnitId = unitId,
            Title = "Dự thảo quy định đón trả học sinh",
            Issues = ["Giờ đón trả", "Vị trí cổng đón"],
            Sections =
            [
                new ConsultationSection { Heading = "Điều 1. Phạm vi", Body = ScopeText },
                new ConsultationSection { Heading = "Điều 2. Giờ đón trả", Body = "Học sinh được đón từ 16 giờ 30 đến 17 giờ." },
            ],
            ReceivingAddress = "12 Lê Lợi, quận Bình An",
            ReceivingEmail = "gopy@binhan.edu.vn",
            OpensAt = now.AddHours(-1),
            ClosesAt = now.AddDays(2).AddHours(1),
            Moderation = ModerationMode.AfterPublication,
            HideAfterReports = 3,
        }, author, CancellationToken.None));
        foreach (var (step, actor) in new[] { (Events.Submit, author), (Events.Approve, approver), (Events.Publish, approver) })
        {
            Assert.Equal(EditorialOutcome.Done, await InScopeAsync(s => s.GetRequiredService<ConsultationRegistry>().AdvanceAsync(unitId, consultation.Id, step, actor, CancellationToken.None)));
        }

        return (consultation.Id, unitId);
    }

    private static Actor Staff(string name, Guid unitId, PortalRole role = PortalRole.UnitAdmin) =>
        new(new Guid(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name))[..16]), role, unitId, "127.0.0.1", name);

    private static async Task CommentAsync(IPage page, string name, string email, string body, string? section)
    {
        await page.GetByLabel("Họ và tên").FillAsync(name);
        await page.GetByLabel("Thư điện tử (để xác nhận góp ý)").FillAsync(email);
        await page.GetByLabel("Nội dung góp ý").FillAsync(body);
        if (section is not null)
        {
            await page.GetByLabel("Góp ý cho").SelectOptionAsync(new SelectOptionValue { Label = section });
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi góp ý" }).ClickAsync();
        await Expect(page.Locator("#sent")).ToBeVisibleAsync();
    }

    private async Task ConfirmAsync(IPage page, string address)
    {
        var body = await MailPickup.WaitForMessageToAsync(portal.MailFolder, address, "/gop-y/xac-nhan/", TimeSpan.FromSeconds(30));
        var link = MailPickup.FirstLink(body, "/gop-y/xac-nhan/");
        await page.GotoAsync(link.PathAndQuery);
        await page.GetByRole(AriaRole.Button, new() { Name = "Xác nhận góp ý" }).ClickAsync();
        await Expect(page.Locator("#confirmed")).ToBeVisibleAsync();
    }

    private async Task UntilStageAsync(Guid id, string stage)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var reached = await InScopeAsync(async s =>
            {
                await s.GetRequiredService<TimerWorker>().RunOnceAsync(CancellationToken.None);
                var db = s.GetRequiredService<PortalDbContext>();
                var instance = await db.Consultations.Where(c => c.Id == id).Select(c => c.WorkflowInstanceId).SingleAsync();
                return await db.WorkflowInstances.AnyAsync(i => i.Id == instance && i.CurrentStep == stage);
            });
            if (reached)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"The consultation never reached {stage}.");
    }

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }
}
