using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Services.Data.Consultations;
using Services.Data.Identity;
using Services.Tests.Integration.Catalogue;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Integration.Security;
using Services.Tests.Samples;
using Services.Web.Security;
using Services.Workflows.Consultations;
using Services.Workflows.Notifications;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Consultations;

/// <summary>
/// Public consultations over HTTP on the real portal and PostgreSQL: the editorial steps (the author cannot approve),
/// S1 (another unit's administrator and an anonymous visitor are refused), S2 (bad notices and bad comments get a 422
/// in the visitor's language, nothing is kept), comments counted only once confirmed by the e-mailed link, a honeypot
/// post kept nowhere, moderation and replies, the closing timer under the controllable clock refusing later comments,
/// dispositions, the report page, PDF and CSV, and every commenter e-mailed.
/// </summary>
public sealed partial class ConsultationPagesHttpTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private const string Office = "phong-gd-binh-an";
    private const string Admin = "/quan-tri/" + Office + "/gop-y";
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 10, 1, 9, 0, 0, TimeSpan.FromHours(7)));
    private readonly CapturedMail _mail = new();
    private RunningPortal _portal = null!;
    private Dictionary<string, Guid> _units = null!;

    public async Task InitializeAsync()
    {
        _portal = await RunningPortal.StartAsync(database.ConnectionString, configure: builder =>
        {
            builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.SchemeName, null);
            builder.Services.Configure<AuthenticationOptions>(o => o.DefaultAuthenticateScheme = HeaderAuthentication.SchemeName);
        }, replaceServices: s =>
        {
            s.AddSingleton<TimeProvider>(_clock);
            s.AddSingleton<IMailSender>(_mail);
        });
        await _portal.SeedDemoCityAsync();
        await using var db = database.CreateContext();
        _units = await db.Units.ToDictionaryAsync(u => u.Slug, u => u.Id);
    }

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task AnotherUnitsAdministratorAndAnonymousVisitorsNeverReachTheAdministrationAndADraftIsNotPublic()
    {
        var id = await CreateAsync(ClientAs(Office, PortalRole.UnitAdmin));
        var otherAdmin = ClientAs("th-le-loi", PortalRole.UnitAdmin);
        using (var forbidden = await otherAdmin.GetAsync($"{Admin}/{id}"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }

        using (var notTheirs = await otherAdmin.GetAsync($"/quan-tri/th-le-loi/gop-y/{id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, notTheirs.StatusCode);
        }

        var staff = ClientAs(Office, PortalRole.Staff);
        using (var staffOnly = await staff.GetAsync($"{Admin}/{id}"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, staffOnly.StatusCode);
        }

        using var anonymous = new Visitor(_portal);
        using (var signIn = await anonymous.GetAsync($"{Admin}/{id}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            Assert.Contains("dang-nhap", signIn.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        using (var draft = await anonymous.GetAsync($"/{Office}/gop-y/{id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, draft.StatusCode);
        }

        using (var elsewhere = await anonymous.GetAsync($"/th-le-loi/gop-y/{id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
        }
    }

    /// <summary>
    /// ADR 0026: the unit's editor drafts and sends for approval but can neither approve nor publish; the unit's
    /// approver sends it back with a reason the editor sees, then approves and publishes; an approver of another unit
    /// reaches neither the page nor the step, and nothing moves.
    /// </summary>
    [Fact]
    public async Task TheEditorDraftsAndSubmitsOnlyTheUnitsApproverReturnsApprovesAndPublishesAndAnotherUnitsApproverCannot()
    {
        var editor = ClientAs(Office, PortalRole.Editor);
        var approver = ClientAs(Office, PortalRole.Approver);
        var strangerApprover = ClientAs("phong-gd-long-hoa", PortalRole.Approver);

        // The approver does not draft (the form is not offered, and a post is refused, nothing kept).
        Assert.DoesNotContain("name=\"Notice.Title\"", await ReadAsync(await approver.GetAsync(Admin)), StringComparison.Ordinal);
        var fields = Notice();
        fields["Notice.Title"] = "Dự thảo do người phê duyệt tự soạn";
        using (var drafted = await PostAsync(approver, Admin, null, fields))
        {
            Assert.Equal(HttpStatusCode.Forbidden, drafted.StatusCode);
        }

        await using (var db = database.CreateContext())
        {
            Assert.Equal(0, await db.Consultations.CountAsync(c => c.Title == "Dự thảo do người phê duyệt tự soạn"));
        }

        var id = await CreateAsync(editor);
        var manage = $"{Admin}/{id}";
        Assert.Contains("Gửi phê duyệt", await ReadAsync(await editor.GetAsync(manage)), StringComparison.Ordinal);
        await StepAsync(approver, manage, ConsultationWorkflow.Events.Submit, HttpStatusCode.Forbidden);
        await StepAsync(editor, manage, ConsultationWorkflow.Events.Submit, HttpStatusCode.Redirect);

        // The editor cannot approve: no button, and a forged post is refused in Vietnamese.
        var editorView = await ReadAsync(await editor.GetAsync(manage));
        Assert.DoesNotContain($"value=\"{ConsultationWorkflow.Events.Approve}\"", editorView, StringComparison.Ordinal);
        Assert.Contains("biên tập viên soạn và gửi duyệt", await StepAsync(editor, manage, ConsultationWorkflow.Events.Approve, HttpStatusCode.Forbidden), StringComparison.Ordinal);

        // An approver of another unit: refused at the unit's page, and their own unit has no such consultation.
        using (var forbiddenPage = await strangerApprover.GetAsync(manage))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbiddenPage.StatusCode);
        }

        // …and a post with their own valid token (read on their own unit's page) is refused before anything runs.
        var strangerToken = TokenPattern().Match(await strangerApprover.GetStringAsync(new Uri("/quan-tri/phong-gd-long-hoa/gop-y", UriKind.Relative))).Groups[1].Value;
        Assert.NotEmpty(strangerToken);
        using (var forbidden = await strangerApprover.PostAsync(new Uri($"{manage}?handler=Step", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
               {
                   ["__RequestVerificationToken"] = strangerToken, ["su-kien"] = ConsultationWorkflow.Events.Approve,
               })))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }

        using (var notTheirs = await strangerApprover.PostAsync(new Uri($"/quan-tri/phong-gd-long-hoa/gop-y/{id}?handler=Step", UriKind.Relative),
                   new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = strangerToken, ["su-kien"] = ConsultationWorkflow.Events.Approve })))
        {
            Assert.Equal(HttpStatusCode.NotFound, notTheirs.StatusCode);
        }

        Assert.Equal(ConsultationWorkflow.Steps.Review, await StageAsync(id));

        // Sending back needs a reason; the editor then reads it on the draft.
        using (var noReason = await PostAsync(approver, manage, "Step", new() { ["su-kien"] = ConsultationWorkflow.Events.Return, ["ly-do-tra-lai"] = "  " }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
            Assert.Contains("Vui lòng nhập lý do trả lại", await ReadAsync(noReason), StringComparison.Ordinal);
        }

        using (var returned = await PostAsync(approver, manage, "Step", new() { ["su-kien"] = ConsultationWorkflow.Events.Return, ["ly-do-tra-lai"] = "Bổ sung <b>tiêu chí</b> ưu tiên." }))
        {
            Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);
        }

        using (var draftPage = await editor.GetAsync(manage))
        {
            var raw = await draftPage.Content.ReadAsStringAsync();
            Assert.Contains("Bổ sung &lt;b&gt;tiêu chí&lt;/b&gt; ưu tiên.", raw, StringComparison.Ordinal);
        }

        Assert.Equal(ConsultationWorkflow.Steps.Draft, await StageAsync(id));
        await StepAsync(editor, manage, ConsultationWorkflow.Events.Submit, HttpStatusCode.Redirect);
        Assert.DoesNotContain("id=\"returned\"", await ReadAsync(await editor.GetAsync(manage)), StringComparison.Ordinal);
        await StepAsync(approver, manage, ConsultationWorkflow.Events.Approve, HttpStatusCode.Redirect);

        // Approved: the editor still cannot publish; the approver does.
        Assert.Contains("biên tập viên soạn và gửi duyệt", await StepAsync(editor, manage, ConsultationWorkflow.Events.Publish, HttpStatusCode.Forbidden), StringComparison.Ordinal);
        Assert.Equal(ConsultationWorkflow.Steps.Approved, await StageAsync(id));
        await StepAsync(approver, manage, ConsultationWorkflow.Events.Publish, HttpStatusCode.Redirect);
        Assert.Equal(ConsultationWorkflow.Steps.Published, await StageAsync(id));
    }

    /// <summary>
    /// S2 on the editor's notice form: over-long fields, wrong types, control characters and a missing antiforgery
    /// token are refused with a Vietnamese message (never a 500), and nothing is stored; script is kept only as text.
    /// </summary>
    [Theory]
    [InlineData("Notice.Title", "LONG300", "Vui lòng nhập tên đợt lấy ý kiến")]
    [InlineData("Notice.Address", "LONG600", "Vui lòng nhập địa chỉ nhận góp ý")]
    [InlineData("Notice.Email", "<script>alert(1)</script>", "Thư điện tử nhận góp ý không hợp lệ")]
    [InlineData("Notice.Title", "Tiêu đề\u0007có ký tự điều khiển", "Vui lòng nhập tên đợt lấy ý kiến")]
    [InlineData("Notice.HideAfterReports", "ba", "Chế độ kiểm duyệt hoặc số lượt báo cáo không hợp lệ")]
    [InlineData("Notice.HideAfterReports", "99999999999", "Chế độ kiểm duyệt hoặc số lượt báo cáo không hợp lệ")]
    [InlineData("Notice.Moderation", "KhongKiemDuyet", "Chế độ kiểm duyệt hoặc số lượt báo cáo không hợp lệ")]
    [InlineData("Notice.OpensAt", "ngày mai", "Thời gian bắt đầu và hạn góp ý phải hợp lệ")]
    public async Task ABadFieldOnTheEditorsNoticeIsRefusedInVietnameseAndNothingIsStored(string field, string value, string message)
    {
        var editor = ClientAs(Office, PortalRole.Editor);
        var fields = Notice();
        var marker = $"Đợt kiểm tra đầu vào {Guid.NewGuid():N}";
        fields["Notice.Title"] = marker;
        fields[field] = value switch
        {
            "LONG300" => marker + new string('x', 300),
            "LONG600" => new string('đ', 600),
            _ when field == "Notice.Title" => marker + value,
            _ => value,
        };
        using var response = await PostAsync(editor, Admin, null, fields);
        var raw = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("id=\"problems\"", raw, StringComparison.Ordinal);
        Assert.Contains(message, WebUtility.HtmlDecode(raw), StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", raw, StringComparison.Ordinal);
        await using var db = database.CreateContext();
        Assert.Equal(0, await db.Consultations.CountAsync(c => c.Title.StartsWith("Đợt kiểm tra đầu vào")));
    }

    /// <summary>
    /// S2 on the public comment form: over-long fields, control characters, script as an e-mail address and a section
    /// that does not exist are refused with a Vietnamese message (never a 500), and no comment is kept.
    /// </summary>
    [Theory]
    [InlineData("ten", "LONG201", "Vui lòng nhập họ và tên (tối đa 200 ký tự).")]
    [InlineData("ten", "Nguyễn\u0007Văn An", "Vui lòng nhập họ và tên (tối đa 200 ký tự).")]
    [InlineData("to-chuc", "LONG301", "Tên cơ quan, tổ chức không hợp lệ (tối đa 300 ký tự).")]
    [InlineData("noi-dung", "LONG5001", "Vui lòng nhập nội dung góp ý (tối đa 5000 ký tự).")]
    [InlineData("noi-dung", "Góp ý\u001bcó ký tự điều khiển", "Vui lòng nhập nội dung góp ý (tối đa 5000 ký tự).")]
    [InlineData("email", "<script>alert(1)</script>@example.vn", "Vui lòng nhập thư điện tử hợp lệ để xác nhận góp ý")]
    [InlineData("phan", "7", "Phần dự thảo được chọn không tồn tại.")]
    public async Task ABadFieldOnThePublicCommentFormIsRefusedInVietnameseAndNoCommentIsKept(string field, string value, string message)
    {
        var page = await PublishedAsync();
        var fields = Comment("Nguyễn Văn An", $"s2-{Guid.NewGuid():N}@example.vn", "Góp ý hợp lệ về phạm vi tuyển sinh.", null);
        fields[field] = value switch
        {
            "LONG201" => new string('đ', 201),
            "LONG301" => new string('đ', 301),
            "LONG5001" => new string('đ', 5001),
            _ => value,
        };
        using var citizen = new Visitor(_portal);
        using var response = await citizen.PostFormAsync(page, fields, $"{page}?handler=Comment");
        var raw = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(message, WebUtility.HtmlDecode(raw), StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"sent\"", raw, StringComparison.Ordinal);
        var id = Guid.Parse(page.Split('/')[^1]);
        await using var db = database.CreateContext();
        Assert.Equal(0, await db.ConsultationComments.CountAsync(c => c.ConsultationId == id));
    }

    /// <summary>Script in the name, the organisation and the comment is kept as text and drawn encoded; a decomposed name is kept composed.</summary>
    [Fact]
    public async Task ScriptInEveryCommentFieldIsOnlyTextAndADecomposedNameIsKeptComposed()
    {
        const string name = "Trần Thị Ánh";
        var page = await PublishedAsync();
        var fields = Comment(name.Normalize(System.Text.NormalizationForm.FormD) + " <script>alert('ten')</script>", "anh.s2@example.vn",
            "<script>alert('noi-dung')</script>\nDòng thứ hai của góp ý.", "0");
        fields["to-chuc"] = "<img src=x onerror=alert('to-chuc')>";
        using var citizen = new Visitor(_portal);
        await CommentAsync(citizen, page, fields);
        await ConfirmAsync(citizen, "anh.s2@example.vn");

        var raw = await citizen.Http.GetStringAsync(new Uri(page, UriKind.Relative));
        Assert.DoesNotContain("<script>alert", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", raw, StringComparison.Ordinal);
        var shown = WebUtility.HtmlDecode(raw);
        foreach (var text in new[] { $"{name} <script>alert('ten')</script>", "(<img src=x onerror=alert('to-chuc')>)", "<script>alert('noi-dung')</script>\nDòng thứ hai của góp ý." })
        {
            Assert.Contains(text, shown, StringComparison.Ordinal);
        }

        var id = Guid.Parse(page.Split('/')[^1]);
        await using var db = database.CreateContext();
        var kept = await db.ConsultationComments.SingleAsync(c => c.ConsultationId == id && c.Email == "anh.s2@example.vn");
        Assert.Equal($"{name} <script>alert('ten')</script>", kept.Name);
        Assert.Equal(0, kept.Section);
    }

    /// <summary>
    /// S1 and S2 on the staff's forms for comments: another office's administrator, naming this office's consultation
    /// under their own unit, and a comment named under another consultation of the same office are refused; a reply
    /// or a disposition that is over-long, carries control characters or names no disposition is refused in
    /// Vietnamese; script in a reply is drawn as text. Nothing of the refused posts is kept.
    /// </summary>
    [Fact]
    public async Task TheCommentFormsOfTheStaffRefuseAnotherUnitAnotherConsultationsCommentAndBadInput()
    {
        var author = ClientAs(Office, PortalRole.UnitAdmin);
        var page = await PublishedAsync();
        var id = Guid.Parse(page.Split('/')[^1]);
        var manage = $"{Admin}/{id}";
        var otherManage = $"{Admin}/{Guid.Parse((await PublishedAsync()).Split('/')[^1])}";
        using var citizen = new Visitor(_portal);
        await CommentAsync(citizen, page, Comment("Đặng Văn Sơn", "son.s1@example.vn", "Đề nghị bổ sung lớp học bơi.", null));
        await ConfirmAsync(citizen, "son.s1@example.vn");
        Guid comment;
        await using (var db = database.CreateContext())
        {
            comment = (await db.ConsultationComments.SingleAsync(c => c.ConsultationId == id && c.Email == "son.s1@example.vn")).Id;
        }

        // Long Hòa's administrator, under their own unit, and this office's other consultation: neither reaches the comment.
        var otherAdmin = ClientAs("phong-gd-long-hoa", PortalRole.UnitAdmin);
        var otherList = "/quan-tri/phong-gd-long-hoa/gop-y";
        var token = TokenPattern().Match(await otherAdmin.GetStringAsync(new Uri(otherList, UriKind.Relative))).Groups[1].Value;
        using (var foreign = await otherAdmin.PostAsync(new Uri($"{otherList}/{id}?handler=Moderate", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
               {
                   ["__RequestVerificationToken"] = token, ["binh-luan"] = comment.ToString(), ["hien"] = "false",
               })))
        {
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        }

        foreach (var (handler, fields) in new[]
                 {
                     ("Moderate", new Dictionary<string, string> { ["binh-luan"] = comment.ToString(), ["hien"] = "false" }),
                     ("Reply", new Dictionary<string, string> { ["binh-luan"] = comment.ToString(), ["noi-dung"] = "Trả lời nhầm đợt." }),
                 })
        {
            using var crossed = await PostAsync(author, otherManage, handler, fields);
            Assert.Equal(HttpStatusCode.NotFound, crossed.StatusCode);
            Assert.Contains("Yêu cầu không hợp lệ.", await ReadAsync(crossed), StringComparison.Ordinal);
        }

        foreach (var bad in new[] { new string('đ', 5001), "Trả lời\u0007có ký tự điều khiển", "   " })
        {
            using var reply = await PostAsync(author, manage, "Reply", new() { ["binh-luan"] = comment.ToString(), ["noi-dung"] = bad });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.StatusCode);
            Assert.Contains("Vui lòng nhập nội dung trả lời.", await ReadAsync(reply), StringComparison.Ordinal);
        }

        foreach (var (disposition, reason) in new[] { ("TiepThuHet", "Đã bổ sung."), ("99", "Đã bổ sung."), ("Accepted", new string('đ', 2001)), ("Accepted", "Lý do\u001bcó ký tự điều khiển") })
        {
            using var disposed = await PostAsync(author, manage, "Dispose", new() { ["binh-luan"] = comment.ToString(), ["xu-ly"] = disposition, ["ly-do"] = reason });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, disposed.StatusCode);
            Assert.Contains("Vui lòng chọn hình thức xử lý và nhập lý do.", await ReadAsync(disposed), StringComparison.Ordinal);
        }

        await using (var db = database.CreateContext())
        {
            var kept = await db.ConsultationComments.SingleAsync(c => c.Id == comment);
            Assert.Equal((CommentVisibility.Shown, (Disposition?)null), (kept.Visibility, kept.Disposition));
            Assert.Equal(0, await db.ConsultationComments.CountAsync(c => c.ReplyTo == comment));
        }

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(author, manage, "Reply", new() { ["binh-luan"] = comment.ToString(), ["noi-dung"] = "<script>alert('tra-loi')</script> Sẽ xem xét." })).StatusCode);
        var raw = await citizen.Http.GetStringAsync(new Uri(page, UriKind.Relative));
        Assert.DoesNotContain("<script>alert", raw, StringComparison.Ordinal);
        Assert.Contains("<script>alert('tra-loi')</script> Sẽ xem xét.", WebUtility.HtmlDecode(raw), StringComparison.Ordinal);
        Assert.Contains("lớp học bơi", WebUtility.HtmlDecode(raw), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANoticePostedWithoutTheAntiforgeryTokenIsRefusedAndNothingIsStored()
    {
        var editor = ClientAs(Office, PortalRole.Editor);
        var fields = Notice();
        fields["Notice.Title"] = "Đợt không có mã chống giả mạo";
        using var response = await editor.PostAsync(new Uri(Admin, UriKind.Relative), new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var db = database.CreateContext();
        Assert.Equal(0, await db.Consultations.CountAsync(c => c.Title == "Đợt không có mã chống giả mạo"));
    }

    /// <summary>The workplace offers the consultations to the unit's editor and approver, and the link answers.</summary>
    [Theory]
    [InlineData(PortalRole.Editor)]
    [InlineData(PortalRole.Approver)]
    public async Task TheWorkplaceLinksTheEditorialRolesToTheirUnitsConsultations(PortalRole role)
    {
        var client = ClientAs(Office, role);
        var home = await ReadAsync(await client.GetAsync("/can-bo"));
        Assert.Contains($"href=\"/quan-tri/{Office}/gop-y\"", home, StringComparison.Ordinal);
        using var list = await client.GetAsync(Admin);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    private async Task<string> StageAsync(Guid id)
    {
        await using var db = database.CreateContext();
        var instance = await db.Consultations.Where(c => c.Id == id).Select(c => c.WorkflowInstanceId).SingleAsync();
        return await db.WorkflowInstances.Where(i => i.Id == instance).Select(i => i.CurrentStep).SingleAsync();
    }

    [Theory]
    [InlineData("", "Vui lòng nhập tên đợt lấy ý kiến", "hạn góp ý sau thời gian bắt đầu")]
    [InlineData("/en", "Please enter a title", "the closing after the opening")]
    public async Task ABadNoticeIsRefusedWithA422InTheVisitorsLanguageAndNothingIsKept(string language, string title, string dates)
    {
        var admin = ClientAs(Office, PortalRole.UnitAdmin);
        var fields = Notice();
        fields["Notice.Title"] = "";
        fields["Notice.ClosesAt"] = "2026-09-01T17:00";
        fields["Notice.Sections"] = "text before any heading";
        using var response = await PostAsync(admin, language + Admin, null, fields);
        var html = await ReadAsync(response);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(title, html, StringComparison.Ordinal);
        Assert.Contains(dates, html, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
        await using var db = database.CreateContext();
        Assert.Equal(0, await db.Consultations.CountAsync(c => c.Title == ""));
    }

    [Fact]
    public async Task AConsultationIsApprovedByAnotherPersonCollectsConfirmedCommentsClosesOnTimeAndEndsInAReportEveryCommenterIsToldOf()
    {
        // The author holds every role (a system administrator): even so, approving their own draft is refused.
        var author = ClientAs(Office, PortalRole.SystemAdmin);
        var approver = ClientAs(Office, PortalRole.Approver);
        var id = await CreateAsync(author);
        var manage = $"{Admin}/{id}";
        var page = $"/{Office}/gop-y/{id}";

        // Documents go with the draft: an office document is kept, anything else refused.
        using (var exe = await UploadAsync(author, manage, "virus.exe", [0x4d, 0x5a]))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, exe.StatusCode);
        }

        using (var pdf = await UploadAsync(author, manage, "du-thao-day-du.pdf", "%PDF-1.4 du thao"u8.ToArray()))
        {
            Assert.Equal(HttpStatusCode.Redirect, pdf.StatusCode);
        }

        await StepAsync(author, manage, ConsultationWorkflow.Events.Submit, HttpStatusCode.Redirect);
        var refused = await StepAsync(author, manage, ConsultationWorkflow.Events.Approve, HttpStatusCode.Conflict);
        Assert.Contains("không thể tự phê duyệt", refused, StringComparison.Ordinal);
        await StepAsync(approver, manage, ConsultationWorkflow.Events.Approve, HttpStatusCode.Redirect);
        await StepAsync(approver, manage, ConsultationWorkflow.Events.Publish, HttpStatusCode.Redirect);

        using var citizen = new Visitor(_portal);
        var shown = await ReadAsync(await citizen.GetAsync(page));
        var attachment = AttachmentPattern().Match(shown);
        Assert.True(attachment.Success, "No attachment link on the public page.");
        Assert.Equal("%PDF-1.4 du thao", System.Text.Encoding.ASCII.GetString(await citizen.Http.GetByteArrayAsync(new Uri(attachment.Groups[1].Value, UriKind.Relative))));
        await using (var db = database.CreateContext())
        {
            Assert.Equal(0, await db.ConsultationAttachments.CountAsync(a => a.ConsultationId == id && a.FileName == "virus.exe"));
        }

        Assert.Contains("Phạm vi tuyển sinh đầu cấp", shown, StringComparison.Ordinal);
        Assert.Contains("Điều 2. Tiêu chí ưu tiên", shown, StringComparison.Ordinal);
        Assert.Contains("còn 14 ngày 8 giờ 0 phút", shown, StringComparison.Ordinal);
        Assert.Contains("/gop-y", await ReadAsync(await citizen.GetAsync($"/{Office}/gop-y")), StringComparison.Ordinal);

        // S2 on the comment form: refused with the reasons, in each language, nothing kept.
        foreach (var (language, expected) in new[] { ("", "Vui lòng nhập thư điện tử hợp lệ"), ("/en", "Please enter a valid e-mail address") })
        {
            using var bad = await citizen.PostFormAsync(language + page, Comment("", "not-an-address", "<script>x</script>", null), $"{language}{page}?handler=Comment");
            var badHtml = await ReadAsync(bad);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
            Assert.Contains(expected, badHtml, StringComparison.Ordinal);
        }

        await CommentAsync(citizen, page, Comment("Nguyễn Văn An", "an@example.vn", "Nên mở rộng phạm vi tuyển sinh cho phường Tân Định.", null));
        await CommentAsync(citizen, page, Comment("Lê Thị Bình", "binh@example.vn", "Tiêu chí ưu tiên cần nêu rõ giấy tờ chứng minh.", "1"));
        var robot = Comment("Bot", "bot@example.vn", "Mua hàng giá rẻ", null);
        robot[ConsultationModelHoneypot] = "http://spam.example";
        await CommentAsync(citizen, page, robot);

        await using (var db = database.CreateContext())
        {
            Assert.Equal(0, await db.ConsultationComments.CountAsync(c => c.Email == "bot@example.vn"));
            Assert.Equal(0, await db.ConsultationComments.CountAsync(c => c.ConsultationId == id && c.ConfirmedAt != null));
        }

        // Unconfirmed comments do not count: not on the public page, not in the administration's list.
        Assert.DoesNotContain("Tân Định", await ReadAsync(await citizen.GetAsync(page)), StringComparison.Ordinal);
        Assert.DoesNotContain("Tân Định", await ReadAsync(await author.GetAsync(manage)), StringComparison.Ordinal);

        await ConfirmAsync(citizen, "an@example.vn");
        await ConfirmAsync(citizen, "binh@example.vn");
        var withComments = await ReadAsync(await citizen.GetAsync(page));
        Assert.Contains("Tân Định", withComments, StringComparison.Ordinal);
        Assert.Contains("giấy tờ chứng minh", withComments, StringComparison.Ordinal);
        Assert.DoesNotContain("an@example.vn", withComments, StringComparison.Ordinal);

        Guid first, second;
        await using (var db = database.CreateContext())
        {
            first = (await db.ConsultationComments.SingleAsync(c => c.Email == "an@example.vn" && c.ConsultationId == id)).Id;
            second = (await db.ConsultationComments.SingleAsync(c => c.Email == "binh@example.vn" && c.ConsultationId == id)).Id;
            Assert.Equal(1, (await db.ConsultationComments.SingleAsync(c => c.Id == second)).Section);
        }

        // Moderation hides the second; the unit replies to the first in its thread.
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(author, manage, "Moderate", new() { ["binh-luan"] = second.ToString(), ["hien"] = "false" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(author, manage, "Reply", new() { ["binh-luan"] = first.ToString(), ["noi-dung"] = "Đơn vị sẽ xem xét phường Tân Định." })).StatusCode);
        var moderated = await ReadAsync(await citizen.GetAsync(page));
        Assert.DoesNotContain("giấy tờ chứng minh", moderated, StringComparison.Ordinal);
        Assert.Contains("Đơn vị sẽ xem xét phường Tân Định.", moderated, StringComparison.Ordinal);

        // Dispositions wait for the closing.
        using (var early = await PostAsync(author, manage, "Dispose", new() { ["binh-luan"] = first.ToString(), ["xu-ly"] = "Accepted", ["ly-do"] = "Đã bổ sung." }))
        {
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        }

        _clock.Advance(TimeSpan.FromDays(15));
        await UntilStageAsync(id, ConsultationWorkflow.Steps.Closed);

        // The closed page offers no form; a post made anyway (with a valid token) is refused.
        var lateFields = Comment("Trần Văn Cường", "cuong@example.vn", "Góp ý muộn.", null);
        lateFields["__RequestVerificationToken"] = await citizen.AntiforgeryTokenAsync();
        using (var late = await citizen.Http.PostAsync(new Uri($"{page}?handler=Comment", UriKind.Relative), new FormUrlEncodedContent(lateFields)))
        {
            Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
            Assert.Contains("Đã hết hạn góp ý", await ReadAsync(late), StringComparison.Ordinal);
        }

        await using (var db = database.CreateContext())
        {
            Assert.Equal(0, await db.ConsultationComments.CountAsync(c => c.Email == "cuong@example.vn"));
        }

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(author, manage, "Dispose", new() { ["binh-luan"] = first.ToString(), ["xu-ly"] = "Accepted", ["ly-do"] = "Đã bổ sung phường Tân Định." })).StatusCode);
        using (var undisposed = await PostAsync(author, manage, "Report", []))
        {
            Assert.Equal(HttpStatusCode.Conflict, undisposed.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(author, manage, "Dispose", new() { ["binh-luan"] = second.ToString(), ["xu-ly"] = "Explained", ["ly-do"] = "Đã có trong quy định hiện hành." })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(author, manage, "Report", [])).StatusCode);
        await UntilStageAsync(id, ConsultationWorkflow.Steps.Answered);

        var report = await ReadAsync(await citizen.GetAsync(page));
        Assert.Contains("Báo cáo tiếp thu, giải trình ý kiến góp ý", report, StringComparison.Ordinal);
        Assert.Contains("Đã có trong quy định hiện hành.", report, StringComparison.Ordinal);
        var pdfText = await PdfTextAsync(await citizen.Http.GetByteArrayAsync(new Uri($"{page}?handler=Pdf", UriKind.Relative)));
        foreach (var expected in new[] { "BÁO CÁO", "Nguyễn Văn An", "Lê Thị Bình", "Tiếp thu", "Giải trình", "Số ý kiến nhận được:", "tiếp thu: 1", "giải trình: 1", "[Toàn văn]", "[Điều 2. Tiêu chí ưu tiên]" })
        {
            Assert.True(pdfText.Contains(expected, StringComparison.Ordinal), $"{expected} not in:\n{pdfText}");
        }

        var csv = System.Text.Encoding.UTF8.GetString(await author.GetByteArrayAsync(new Uri($"{manage}?handler=Csv", UriKind.Relative)));
        Assert.Contains("an@example.vn", csv, StringComparison.Ordinal);
        Assert.Contains("binh@example.vn", csv, StringComparison.Ordinal);
        Assert.Contains("Giải trình", csv, StringComparison.Ordinal);

        foreach (var commenter in new[] { "an@example.vn", "binh@example.vn" })
        {
            await UntilMailAsync(commenter, m => m.Subject.StartsWith("Báo cáo tiếp thu, giải trình", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task UnderModerationBeforePublicationAConfirmedCommentWaitsForStaffAndIsHiddenAfterTheReportsTheConsultationSets()
    {
        var author = ClientAs(Office, PortalRole.UnitAdmin);
        var fields = Notice();
        fields["Notice.Moderation"] = nameof(ModerationMode.BeforePublication);
        fields["Notice.HideAfterReports"] = "2";
        using var created = await PostAsync(author, Admin, null, fields);
        var id = Guid.Parse(created.Headers.Location!.ToString().Split('/')[^1]);
        var manage = $"{Admin}/{id}";
        var page = $"/{Office}/gop-y/{id}";
        await StepAsync(author, manage, ConsultationWorkflow.Events.Submit, HttpStatusCode.Redirect);
        await StepAsync(ClientAs(Office, PortalRole.SystemAdmin), manage, ConsultationWorkflow.Events.Approve, HttpStatusCode.Redirect);
        await StepAsync(ClientAs(Office, PortalRole.SystemAdmin), manage, ConsultationWorkflow.Events.Publish, HttpStatusCode.Redirect);

        using var citizen = new Visitor(_portal);
        await CommentAsync(citizen, page, Comment("Hoàng Văn Đức", "duc@example.vn", "Cần thêm lớp học buổi chiều.", null));
        await ConfirmAsync(citizen, "duc@example.vn");
        Assert.DoesNotContain("buổi chiều", await ReadAsync(await citizen.GetAsync(page)), StringComparison.Ordinal);

        Guid comment;
        await using (var db = database.CreateContext())
        {
            comment = (await db.ConsultationComments.SingleAsync(c => c.Email == "duc@example.vn" && c.ConsultationId == id)).Id;
        }

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(author, manage, "Moderate", new() { ["binh-luan"] = comment.ToString(), ["hien"] = "true" })).StatusCode);
        Assert.Contains("buổi chiều", await ReadAsync(await citizen.GetAsync(page)), StringComparison.Ordinal);

        for (var report = 1; report <= 2; report++)
        {
            using var reader = new Visitor(_portal);
            using var flagged = await reader.PostFormAsync(page, new Dictionary<string, string> { ["binh-luan"] = comment.ToString() }, $"{page}?handler=Flag");
            Assert.Equal(HttpStatusCode.OK, flagged.StatusCode);
            var after = await ReadAsync(await citizen.GetAsync(page));
            Assert.Equal(report < 2, after.Contains("buổi chiều", StringComparison.Ordinal));
        }

        await using (var db = database.CreateContext())
        {
            var hidden = await db.ConsultationComments.SingleAsync(c => c.Id == comment);
            Assert.Equal(CommentVisibility.Hidden, hidden.Visibility);
            Assert.Equal(2, hidden.Reports);
        }
    }

    private const string ConsultationModelHoneypot = Services.Web.Pages.Consultations.ConsultationModel.HoneypotField;

    private static Dictionary<string, string> Notice() => new()
    {
        ["Notice.Title"] = "Dự thảo kế hoạch tuyển sinh lớp 6 năm học 2027-2028",
        ["Notice.Issues"] = "Phạm vi tuyển sinh đầu cấp\nTiêu chí ưu tiên",
        ["Notice.Sections"] = "# Điều 1. Phạm vi\nTuyển sinh theo địa bàn cư trú.\n# Điều 2. Tiêu chí ưu tiên\nƯu tiên con thương binh, liệt sĩ.",
        ["Notice.Address"] = "12 Lê Lợi, huyện Bình An",
        ["Notice.Email"] = "gopy@binhan.edu.vn",
        ["Notice.OpensAt"] = "2026-10-01T08:00",
        ["Notice.ClosesAt"] = "2026-10-15T17:00",
        ["Notice.Moderation"] = nameof(ModerationMode.AfterPublication),
        ["Notice.HideAfterReports"] = "3",
    };

    private static Dictionary<string, string> Comment(string name, string email, string body, string? section) => new()
    {
        ["ten"] = name, ["email"] = email, ["noi-dung"] = body, ["phan"] = section ?? "", ["to-chuc"] = "",
    };

    /// <summary>A consultation of the office taken through its editorial steps: the path of its public page.</summary>
    private async Task<string> PublishedAsync()
    {
        var author = ClientAs(Office, PortalRole.UnitAdmin);
        var id = await CreateAsync(author);
        var manage = $"{Admin}/{id}";
        await StepAsync(author, manage, ConsultationWorkflow.Events.Submit, HttpStatusCode.Redirect);
        await StepAsync(ClientAs(Office, PortalRole.SystemAdmin), manage, ConsultationWorkflow.Events.Approve, HttpStatusCode.Redirect);
        await StepAsync(ClientAs(Office, PortalRole.SystemAdmin), manage, ConsultationWorkflow.Events.Publish, HttpStatusCode.Redirect);
        return $"/{Office}/gop-y/{id}";
    }

    private static async Task<Guid> CreateAsync(HttpClient admin)
    {
        using var response = await PostAsync(admin, Admin, null, Notice());
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return Guid.Parse(response.Headers.Location!.ToString().Split('/')[^1]);
    }

    private static async Task<string> StepAsync(HttpClient client, string manage, string step, HttpStatusCode expected)
    {
        using var response = await PostAsync(client, manage, "Step", new() { ["su-kien"] = step });
        var html = await ReadAsync(response);
        Assert.True(expected == response.StatusCode, $"{step}: {response.StatusCode}");
        return html;
    }

    private static async Task CommentAsync(Visitor citizen, string page, Dictionary<string, string> fields)
    {
        using var response = await citizen.PostFormAsync(page, fields, $"{page}?handler=Comment");
        var html = await ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, html);
        Assert.Contains("id=\"sent\"", html, StringComparison.Ordinal);
    }

    /// <summary>Follows the link of the confirmation e-mail (delivered through the outbox) and confirms.</summary>
    private async Task ConfirmAsync(Visitor citizen, string address)
    {
        var mail = await UntilMailAsync(address, m => m.Subject.StartsWith("Xác nhận góp ý", StringComparison.Ordinal));
        var link = LinkPattern().Match(mail.TextBody);
        Assert.True(link.Success, mail.TextBody);
        var path = link.Groups[1].Value;
        using (var opened = await citizen.GetAsync(path))
        {
            Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        }

        await using (var db = database.CreateContext())
        {
            Assert.Equal(0, await db.ConsultationComments.CountAsync(c => c.Email == address && c.ConfirmedAt != null));
        }

        using var confirmed = await citizen.PostFormAsync(path, new Dictionary<string, string>());
        Assert.Contains("id=\"confirmed\"", await ReadAsync(confirmed), StringComparison.Ordinal);
    }

    private async Task<MailMessageRequest> UntilMailAsync(string address, Func<MailMessageRequest, bool> which)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (_mail.To(address).FirstOrDefault(which) is { } found)
            {
                return found;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"No such e-mail to {address}.");
        return null!;
    }

    /// <summary>The closing is a timer the portal's own worker may fire first, so run it here too and wait for the step.</summary>
    private async Task UntilStageAsync(Guid id, string stage)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            await using (var scope = _portal.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<TimerWorker>().RunOnceAsync(CancellationToken.None);
            }

            await using var db = database.CreateContext();
            var instance = await db.Consultations.Where(c => c.Id == id).Select(c => c.WorkflowInstanceId).SingleAsync();
            if (await db.WorkflowInstances.AnyAsync(i => i.Id == instance && i.CurrentStep == stage))
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"The consultation never reached {stage}.");
    }

    private static async Task<string> PdfTextAsync(byte[] pdf)
    {
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, pdf);
            var start = new ProcessStartInfo("pdftotext") { RedirectStandardOutput = true, ArgumentList = { "-layout", file, "-" } };
            using var process = Process.Start(start) ?? throw new InvalidOperationException("pdftotext did not start (install poppler-utils).");
            var text = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.Equal(0, process.ExitCode);
            return text;
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string page, string? handler, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(new Uri(page, UriKind.Relative));
        fields["__RequestVerificationToken"] = TokenPattern().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("No token.");
        return await client.PostAsync(new Uri(handler is null ? page : $"{page}?handler={handler}", UriKind.Relative), new FormUrlEncodedContent(fields));
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string manage, string name, byte[] content)
    {
        var html = await client.GetStringAsync(new Uri(manage, UriKind.Relative));
        using var form = new MultipartFormDataContent
        {
            { new StringContent(TokenPattern().Match(html).Groups[1].Value), "__RequestVerificationToken" },
            { new ByteArrayContent(content), "tep", name },
        };
        return await client.PostAsync(new Uri($"{manage}?handler=Attach", UriKind.Relative), form);
    }

    private HttpClient ClientAs(string unit, PortalRole role)
    {
        var client = _portal.NewClient();
        client.DefaultRequestHeaders.Add(HeaderAuthentication.Header, PortalClaims.MembershipValue(_units[unit], role));
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

    [GeneratedRegex("href=\"([^\"]+handler=Attachment&tep=[^\"]+)\"")]
    private static partial Regex AttachmentPattern();

    [GeneratedRegex(@"https?://dichvucong\.test(/\S+)")]
    private static partial Regex LinkPattern();
}
