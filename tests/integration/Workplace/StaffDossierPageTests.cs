using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Services.Data;
using Services.Data.GenericForms;
using Services.Data.Identity;
using Services.Data.Workflows;
using Services.Tests.Integration.Catalogue;
using Services.Tests.Integration.Infrastructure;
using Services.Web.Security;
using Services.Web.Setup;
using Services.Workflows.Dossiers;
using Services.Workflows.Dossiers.Attachments;
using Services.Workflows.GenericForms;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Workplace;

/// <summary>
/// The staff dossier page after a supplement, on the real portal: the dossier is back with the clerk who asked, the
/// page shows what the supplement changed with its note and file, and every history line reads in Vietnamese.
/// </summary>
public sealed class StaffDossierPageTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private const string School = "th-nguyen-binh-khiem";
    private RunningPortal _portal = null!;

    public async Task InitializeAsync()
    {
        _portal = await RunningPortal.StartAsync(database.ConnectionString, configure: builder =>
        {
            builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.SchemeName, null);
            builder.Services.Configure<AuthenticationOptions>(o => o.DefaultAuthenticateScheme = HeaderAuthentication.SchemeName);
        });
        await _portal.SeedDemoCityAsync();
    }

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task ASupplementComesBackToTheClerkWhoAskedAndShowsItsNoteFileAndHistoryInVietnamese()
    {
        var (code, unitId) = await SubmitAsync();
        await using var db = database.CreateContext();
        var clerk = await db.UnitMemberships.FirstAsync(m => m.UnitId == unitId && m.Role == PortalRole.Staff);
        var clerkName = (await db.Users.SingleAsync(u => u.Id == clerk.UserId)).FullName;
        var actor = new Actor(clerk.UserId, PortalRole.Staff, unitId, "127.0.0.1", clerkName);
        var taskService = _portal.Services.GetRequiredService<TaskService>();
        var review = await db.WorkflowTasks.SingleAsync(t => t.Correlation == code && t.Status == HumanTaskStatus.Open);
        await taskService.ClaimAsync(review.Id, actor);
        var asked = await taskService.DecideAsync(review.Id, GenericFormWorkflow.Events.RequestSupplement, "Xin bổ sung giấy khám bệnh.", actor);
        Assert.Equal(DecisionOutcome.Decided, asked.Outcome);

        var store = _portal.Services.GetRequiredService<IAttachmentStore>();
        var pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray();
        var file = DossierFile.From((await store.SaveAsync(new MemoryStream(pdf), "giay-kham-benh.pdf", 0, default)).Attachment!);
        var status = (await _portal.Services.GetRequiredService<DossierTracking>().FindAsync(code, default))!;
        var result = await _portal.Services.GetRequiredService<DossierSupplements>()
            .SubmitAsync(status, "Gửi kèm giấy khám bệnh của cháu.", file, new Actor(null, null, null, "127.0.0.1", "Nguyễn Thị Lan"), default);
        Assert.Equal(SupplementResult.Accepted, result);

        var back = await db.WorkflowTasks.AsNoTracking().SingleAsync(t => t.Correlation == code && t.Status == HumanTaskStatus.Open);
        Assert.Equal(clerk.UserId, back.AssigneeId);
        Assert.Equal(clerkName, back.AssigneeName);

        var staff = _portal.NewClient();
        staff.DefaultRequestHeaders.Add(HeaderAuthentication.Header, PortalClaims.MembershipValue(unitId, PortalRole.Staff));
        using var response = await staff.GetAsync($"/can-bo/{School}/ho-so/{code}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Contains("Bổ sung lần 1", page, StringComparison.Ordinal);
        Assert.Contains("Gửi kèm giấy khám bệnh của cháu.", page, StringComparison.Ordinal);
        Assert.Contains("giay-kham-benh.pdf", page, StringComparison.Ordinal);
        Assert.Contains("Nội dung thay đổi: Ghi chú của người nộp, Tệp đính kèm", page, StringComparison.Ordinal);
        Assert.Contains("Tiếp nhận hồ sơ nộp trực tuyến — chuyển sang “Đang xem xét”", page, StringComparison.Ordinal);
        Assert.Contains("Nhận xử lý hồ sơ.", page, StringComparison.Ordinal);
        Assert.Contains("Quyết định: Yêu cầu bổ sung — chuyển sang “Chờ bổ sung hồ sơ”", page, StringComparison.Ordinal);
        Assert.Contains("Người nộp gửi bổ sung hồ sơ — chuyển sang “Đang xem xét”", page, StringComparison.Ordinal);
        Assert.Contains($"({clerkName}, Cán bộ tiếp nhận, xử lý hồ sơ)", page, StringComparison.Ordinal);
        Assert.Contains("(Nguyễn Thị Lan, người nộp)", page, StringComparison.Ordinal);
        foreach (var english in new[] { "started generic-form", "task review", "→", "mermaid", "request-supplement →", ", Staff)", ">true<" })
        {
            Assert.DoesNotContain(english, page, StringComparison.Ordinal);
        }

        using var download = await staff.GetAsync($"/can-bo/{School}/ho-so/{code}?handler=File&key={DossierSupplements.FileKey(2)}");
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ANotificationAboutADossierLinksToItOnTheDeskAndReadsUnreadNotNew()
    {
        var (code, unitId) = await SubmitAsync();
        var membership = PortalClaims.MembershipValue(unitId, PortalRole.Staff);
        // The test sign-in's user id: the same derivation HeaderAuthentication uses.
        var userId = new Guid(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(membership))[..16]);
        await using (var db = database.CreateContext())
        {
            var email = $"canbo-{userId:N}@demo.edu.vn";
            db.Users.Add(new PortalUser { Id = userId, UserName = email, Email = email, FullName = "Cán bộ thử", SecurityStamp = Guid.NewGuid().ToString("N") });
            db.Notifications.Add(new Notification
            {
                Id = Guid.CreateVersion7(), UserId = userId, MessageId = Guid.CreateVersion7(), Title = $"Hồ sơ mới {code}",
                Body = "Có đơn xin nghỉ học mới cần xử lý.", CreatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var staff = _portal.NewClient();
        staff.DefaultRequestHeaders.Add(HeaderAuthentication.Header, membership);
        using var response = await staff.GetAsync("/tai-khoan/thong-bao");
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains($"<a href=\"/can-bo/{School}/ho-so/{code}\">Hồ sơ mới {code}</a>", page, StringComparison.Ordinal);
        Assert.Contains(">chưa đọc<", page, StringComparison.Ordinal);
        Assert.DoesNotContain(">mới<", page, StringComparison.Ordinal);
    }

    private Task<(string Code, Guid UnitId)> SubmitAsync() => LeaveApplication.SubmitAsync(_portal.Services, School);
}
