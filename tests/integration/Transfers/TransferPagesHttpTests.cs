using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Services.Data;
using Services.Data.Identity;
using Services.Tests.Integration.Catalogue;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Integration.Security;
using Services.Tests.Samples;
using Services.Web.Security;
using Services.Workflows.Runtime;
using Services.Workflows.Transfers;

namespace Services.Tests.Integration.Transfers;

/// <summary>
/// The transfer over HTTP on the real portal: the parent's page (S2: bad input gets a 422 with the reason in the
/// visitor's language, a forged receiving school is refused), and the staff dossier page (S1: each unit opens the
/// dossier only once a step of it is theirs, may decide only while it is, and reads it afterwards).
/// </summary>
public sealed partial class TransferPagesHttpTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private const string Apply = "/th-nguyen-binh-khiem/dich-vu/chuyen-truong";
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 9, 8, 9, 0, 0, TimeSpan.FromHours(7)));
    private RunningPortal _portal = null!;
    private Dictionary<string, Guid> _units = null!;

    public async Task InitializeAsync()
    {
        _portal = await RunningPortal.StartAsync(database.ConnectionString, configure: builder =>
        {
            builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.SchemeName, null);
            builder.Services.Configure<AuthenticationOptions>(o => o.DefaultAuthenticateScheme = HeaderAuthentication.SchemeName);
        }, replaceServices: s => s.AddSingleton<TimeProvider>(_clock));
        await _portal.SeedDemoCityAsync();
        await using var db = database.CreateContext();
        _units = await db.Units.ToDictionaryAsync(u => u.Slug, u => u.Id);
    }

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task ThePageOffersOnlySchoolsOfTheSameLevelAndPreschoolsOfferNoTransfer()
    {
        using var visitor = new Visitor(_portal);
        var page = await ReadAsync(await visitor.GetAsync(Apply));
        Assert.Contains("Trường Tiểu học Lê Lợi", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Trường Trung học cơ sở Chu Văn An", page, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"" + _units["th-nguyen-binh-khiem"] + "\"", page, StringComparison.Ordinal);
        Assert.Contains("Lớp 5", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Lớp 6", page, StringComparison.Ordinal);

        using var english = await visitor.GetAsync("/en" + Apply);
        Assert.Contains("Receiving school", await ReadAsync(english), StringComparison.Ordinal);
        using var preschool = await visitor.GetAsync("/mn-hoa-sen/dich-vu/chuyen-truong");
        Assert.Equal(HttpStatusCode.NotFound, preschool.StatusCode);
    }

    [Theory]
    [InlineData("", "Trường xin chuyển đến", "Lý do xin chuyển trường")]
    [InlineData("/en", "Receiving school", "Reason for the transfer")]
    public async Task ScriptAMissingReasonAndASchoolOfAnotherLevelAreRefusedWithA422AndNothingIsSubmitted(string language, string school, string reason)
    {
        using var visitor = new Visitor(_portal);
        var fields = Fields(_units["thcs-chu-van-an"]);
        fields["a.hoc-sinh-ho-ten"] = "<script>alert(1)</script>";
        fields["a.ly-do"] = "";
        using var response = await visitor.PostFormAsync(language + Apply, fields);
        var html = await ReadAsync(response);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains($"href=\"#q-{TransferRequest.ReceivingSchoolKey}\"", html, StringComparison.Ordinal);
        Assert.Contains(school, html, StringComparison.Ordinal);
        Assert.Contains($"href=\"#q-{TransferRequest.ReasonKey}\"", html, StringComparison.Ordinal);
        Assert.Contains(reason, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)", await EncodedAsync(language, fields), StringComparison.Ordinal);
        Assert.DoesNotContain("tracking-code", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
    }

    /// <summary>S2 on each kind of answer: over-long, control characters, script where it does not fit, a date after today, a grade the school does not teach.</summary>
    [Theory]
    [InlineData("a.hoc-sinh-ho-ten", "LONG101", "Họ và tên học sinh không được dài quá 100 ký tự.")]
    [InlineData("a.ly-do", "LONG1001", "Lý do xin chuyển trường không được dài quá 1000 ký tự.")]
    [InlineData("a.ly-do", "Gia đình\u0007chuyển nhà", "Lý do xin chuyển trường có ký tự không hợp lệ. Vui lòng gõ lại.")]
    [InlineData("a.hoc-sinh-lop", "<script>alert(1)</script>", "Lớp đang học không được dài quá 20 ký tự.")]
    [InlineData("a.hoc-sinh-ngay-sinh", "2026-09-09", "Ngày sinh của học sinh không thể sau ngày hôm nay.")]
    [InlineData("a.hoc-sinh-ngay-sinh", "04/05/2018", "Ngày sinh của học sinh phải là một ngày hợp lệ.")]
    [InlineData("a.khoi-lop", "6", "Vui lòng chọn Khối lớp xin chuyển đến trong danh sách.")]
    public async Task ABadAnswerIsRefusedWithItsReasonInVietnameseAndNothingIsSubmitted(string field, string value, string message)
    {
        await using var db = database.CreateContext();
        var before = await db.Dossiers.CountAsync(d => d.ServiceKey == TransferService.ServiceKey);
        var fields = Fields(_units["th-le-loi"]);
        fields[field] = value switch
        {
            "LONG101" => new string('đ', 101),
            "LONG1001" => new string('đ', 1001),
            _ => value,
        };
        using var visitor = new Visitor(_portal);
        using var response = await visitor.PostFormAsync(Apply, fields);
        var raw = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains($"href=\"#q-{field[2..]}\"", raw, StringComparison.Ordinal);
        Assert.Contains(message, WebUtility.HtmlDecode(raw), StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", raw, StringComparison.Ordinal);
        Assert.Equal(before, await db.Dossiers.CountAsync(d => d.ServiceKey == TransferService.ServiceKey));
    }

    /// <summary>A name typed decomposed (as some keyboards send Vietnamese) is kept composed; script in the reason is kept as text and drawn encoded for the staff.</summary>
    [Fact]
    public async Task ADecomposedNameIsKeptComposedAndScriptInTheReasonIsOnlyText()
    {
        const string composed = "Trần Thị Ánh";
        var fields = Fields(_units["th-le-loi"]);
        fields["a.hoc-sinh-ho-ten"] = composed.Normalize(System.Text.NormalizationForm.FormD);
        fields["a.ly-do"] = "<script>alert('ly-do')</script> Gia đình chuyển nhà.";
        Assert.NotEqual(composed, fields["a.hoc-sinh-ho-ten"]);
        using var visitor = new Visitor(_portal);
        using var response = await visitor.PostFormAsync(Apply, fields);
        var html = await ReadAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var code = CodePattern().Match(html).Groups[1].Value;

        await using (var db = database.CreateContext())
        {
            var dossier = await db.Dossiers.SingleAsync(d => d.TrackingCode == code);
            Assert.Equal(composed, dossier.Data[TransferRequest.PupilNameKey]);
            Assert.Equal("<script>alert('ly-do')</script> Gia đình chuyển nhà.", dossier.Data[TransferRequest.ReasonKey]);
        }

        using var staff = await ClientAs("th-le-loi", PortalRole.Staff).GetAsync($"/can-bo/th-le-loi/ho-so/{code}");
        var raw = await staff.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, staff.StatusCode);
        Assert.Contains("&lt;script&gt;", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", raw, StringComparison.Ordinal);
        Assert.Contains(composed, WebUtility.HtmlDecode(raw), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWellFormedPostNamingTheSendingSchoolItselfIsRefused()
    {
        await using var db = database.CreateContext();
        var before = await db.Dossiers.CountAsync(d => d.ServiceKey == TransferService.ServiceKey);
        using var visitor = new Visitor(_portal);
        // The radio list never offers it; a forged post names it anyway.
        using var response = await visitor.PostFormAsync(Apply, Fields(_units["th-nguyen-binh-khiem"]));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(before, await db.Dossiers.CountAsync(d => d.ServiceKey == TransferService.ServiceKey));
    }

    [Fact]
    public async Task EachUnitOpensTheDossierOnlyOnceAStepIsTheirsDecidesOnlyWhileItIsAndReadsItAfterwards()
    {
        var code = await ApplyAsync();
        var receiving = ClientAs("th-le-loi", PortalRole.Staff);
        var district = ClientAs("phong-gd-long-hoa", PortalRole.DistrictOfficer);
        var uninvolved = ClientAs("thcs-chu-van-an", PortalRole.Staff);

        var page = await ReadAsync(await receiving.GetAsync($"/can-bo/th-le-loi/ho-so/{code}"));
        Assert.Contains("name=\"decision\" value=\"agree\"", page, StringComparison.Ordinal);
        Assert.Contains("Trường Tiểu học Lê Lợi", page, StringComparison.Ordinal);
        using (var notYet = await district.GetAsync($"/can-bo/phong-gd-long-hoa/ho-so/{code}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, notYet.StatusCode);
        }

        using (var never = await uninvolved.GetAsync($"/can-bo/thcs-chu-van-an/ho-so/{code}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, never.StatusCode);
        }

        // The receiving school decides on its page; the sending school's staff decide theirs.
        using (var decided = await receiving.PostAsync($"/can-bo/th-le-loi/ho-so/{code}?handler=Decide", new FormUrlEncodedContent(new Dictionary<string, string>
               {
                   ["__RequestVerificationToken"] = Token(page),
                   ["decision"] = TransferWorkflow.Events.Agree,
               })))
        {
            Assert.True(decided.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther or HttpStatusCode.OK, decided.StatusCode.ToString());
        }

        await DecideSendingSchoolAsync(code);
        await UntilAtDistrictAsync(code);

        // Afterwards: the receiving school reads the dossier without a decision, and a replayed decision is refused.
        var afterwards = await ReadAsync(await receiving.GetAsync($"/can-bo/th-le-loi/ho-so/{code}"));
        Assert.Contains(code, afterwards, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"decision\"", afterwards, StringComparison.Ordinal);
        using (var replay = await receiving.PostAsync($"/can-bo/th-le-loi/ho-so/{code}?handler=Decide", new FormUrlEncodedContent(new Dictionary<string, string>
               {
                   ["__RequestVerificationToken"] = Token(afterwards),
                   ["decision"] = TransferWorkflow.Events.Refuse,
                   ["comment"] = "đổi ý",
               })))
        {
            Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        }

        var districtPage = await ReadAsync(await district.GetAsync($"/can-bo/phong-gd-long-hoa/ho-so/{code}"));
        Assert.Contains("name=\"decision\" value=\"agree\"", districtPage, StringComparison.Ordinal);
        Assert.Contains("Phòng Giáo dục và Đào tạo huyện Long Hòa", districtPage, StringComparison.Ordinal);
    }

    /// <summary>
    /// The receiving school's staff decide seeing the grade's pupils and places (the demo city's figures, then what the
    /// school's administrator saves on /quan-tri/{unit}/si-so); the sending school's staff do not see them. Bad
    /// figures — letters, script, over-long, more pupils than places, or a missing token — are refused and change nothing.
    /// </summary>
    [Fact]
    public async Task TheReceivingSchoolsStaffSeeTheGradesPupilsAndPlacesWhichTheSchoolAdministratorKeeps()
    {
        var code = await ApplyAsync();
        var receiving = ClientAs("th-le-loi", PortalRole.Staff);
        var sending = ClientAs("th-nguyen-binh-khiem", PortalRole.Staff);
        var admin = ClientAs("th-le-loi", PortalRole.UnitAdmin);
        var desk = $"/can-bo/th-le-loi/ho-so/{code}";

        // Seeded: grade 3 of Lê Lợi has 3 classes of 35 places and 2 places free in each.
        var page = await ReadAsync(await receiving.GetAsync(desk));
        Assert.Contains("Khối 3 của trường", page, StringComparison.Ordinal);
        Assert.Contains("99/105 học sinh trong 3 lớp; còn 6 chỗ", page, StringComparison.Ordinal);
        var sendingPage = await ReadAsync(await sending.GetAsync($"/can-bo/th-nguyen-binh-khiem/ho-so/{code}"));
        Assert.Contains(code, sendingPage, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"staff-facts\"", sendingPage, StringComparison.Ordinal);

        var form = await ReadAsync(await admin.GetAsync("/quan-tri/th-le-loi/si-so"));
        Dictionary<string, string> Figures(string grade3Pupils, string grade3Places)
        {
            var fields = new Dictionary<string, string> { ["__RequestVerificationToken"] = Token(form) };
            foreach (var grade in new[] { 1, 2, 3, 4, 5 })
            {
                fields[$"lop-{grade}"] = "4";
                fields[$"hoc-sinh-{grade}"] = grade == 3 ? grade3Pupils : "130";
                fields[$"chi-tieu-{grade}"] = grade == 3 ? grade3Places : "140";
            }

            return fields;
        }

        foreach (var (pupils, places, message) in new[]
                 {
                     ("mười", "140", "phải là số nguyên không âm"),
                     ("<script>alert(1)</script>", "140", "phải là số nguyên không âm"),
                     ("1", new string('9', 5000), "phải là số nguyên không âm"),
                     ("-5", "140", "phải là số nguyên không âm"),
                     ("141", "140", "số học sinh không được vượt chỉ tiêu"),
                 })
        {
            using var bad = await admin.PostAsync("/quan-tri/th-le-loi/si-so", new FormUrlEncodedContent(Figures(pupils, places)));
            var raw = await bad.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
            Assert.Contains(message, WebUtility.HtmlDecode(raw), StringComparison.Ordinal);
            Assert.DoesNotContain("<script>alert", raw, StringComparison.Ordinal);
        }

        var noToken = Figures("120", "140");
        noToken.Remove("__RequestVerificationToken");
        using (var forged = await admin.PostAsync("/quan-tri/th-le-loi/si-so", new FormUrlEncodedContent(noToken)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        Assert.Contains("99/105 học sinh trong 3 lớp; còn 6 chỗ", await ReadAsync(await receiving.GetAsync(desk)), StringComparison.Ordinal);

        // The school's staff and another school's administrator cannot change them.
        var staffFields = Figures("1", "140");
        staffFields["__RequestVerificationToken"] = Token(await ReadAsync(await receiving.GetAsync(desk))); // their own valid token
        using (var staffPost = await receiving.PostAsync("/quan-tri/th-le-loi/si-so", new FormUrlEncodedContent(staffFields)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, staffPost.StatusCode);
        }

        using (var otherAdmin = await ClientAs("th-nguyen-binh-khiem", PortalRole.UnitAdmin).GetAsync("/quan-tri/th-le-loi/si-so"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, otherAdmin.StatusCode);
        }

        using (var saved = await admin.PostAsync("/quan-tri/th-le-loi/si-so", new FormUrlEncodedContent(Figures("138", "140"))))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        Assert.Contains("138/140 học sinh trong 4 lớp; còn 2 chỗ", await ReadAsync(await receiving.GetAsync(desk)), StringComparison.Ordinal);
        await using var db = database.CreateContext();
        var row = await db.SchoolGradeCapacities.SingleAsync(c => c.UnitId == _units["th-le-loi"] && c.Grade == 3);
        Assert.Equal((4, 138, 140), (row.Classes, row.Pupils, row.Capacity));
    }

    private static Dictionary<string, string> Fields(Guid receivingId) => new()
    {
        ["khoa"] = Guid.NewGuid().ToString(),
        ["a.nguoi-nop-ho-ten"] = "Nguyễn Thị Lan",
        ["a.nguoi-nop-ngay-sinh"] = "1988-04-12",
        ["a.nguoi-nop-dien-thoai"] = "0903123456",
        ["a.hoc-sinh-ho-ten"] = "Trần Minh Khôi",
        ["a.hoc-sinh-ngay-sinh"] = "2018-05-04",
        ["a.hoc-sinh-lop"] = "3A2",
        ["a.khoi-lop"] = "3",
        ["a.truong-den"] = receivingId.ToString(),
        ["a.ly-do"] = "Gia đình chuyển nơi cư trú.",
    };

    /// <summary>The raw (not decoded) answer page, to see that script is drawn as text.</summary>
    private async Task<string> EncodedAsync(string language, Dictionary<string, string> fields)
    {
        using var visitor = new Visitor(_portal);
        using var response = await visitor.PostFormAsync(language + Apply, fields);
        var raw = await response.Content.ReadAsStringAsync();
        Assert.Contains("&lt;script&gt;", raw, StringComparison.Ordinal);
        return raw;
    }

    private async Task<string> ApplyAsync()
    {
        using var visitor = new Visitor(_portal);
        using var response = await visitor.PostFormAsync(Apply, Fields(_units["th-le-loi"]));
        var html = await ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, html);
        var code = CodePattern().Match(html).Groups[1].Value;
        Assert.NotEmpty(code);
        return code;
    }

    private async Task DecideSendingSchoolAsync(string code)
    {
        await using var db = database.CreateContext();
        var school = _units["th-nguyen-binh-khiem"];
        var member = await db.UnitMemberships.FirstAsync(m => m.UnitId == school && m.Role == PortalRole.Staff);
        var task = await db.WorkflowTasks.SingleAsync(t => t.UnitId == school && t.Step == TransferWorkflow.Steps.SendingSchool && t.Correlation == code);
        await _portal.Services.GetRequiredService<TaskService>()
            .DecideAsync(task.Id, TransferWorkflow.Events.Agree, null, new Actor(member.UserId, PortalRole.Staff, school, "127.0.0.1", "Trần Văn Minh"));
    }

    /// <summary>The routing step runs on a timer: the portal's own worker may take it first, so run it here too and wait for the step.</summary>
    private async Task UntilAtDistrictAsync(string code)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            await using (var scope = _portal.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<TimerWorker>().RunOnceAsync(CancellationToken.None);
            }

            await using var db = database.CreateContext();
            if (await db.WorkflowInstances.AnyAsync(i => i.Correlation == code && i.CurrentStep == TransferWorkflow.Steps.District))
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"{code} never reached the district office's step.");
    }

    private HttpClient ClientAs(string unit, PortalRole role)
    {
        var client = _portal.NewClient();
        client.DefaultRequestHeaders.Add(HeaderAuthentication.Header, PortalClaims.MembershipValue(_units[unit], role));
        return client;
    }

    private static string Token(string html) =>
        TokenPattern().Match(html) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException("No antiforgery token on the page.");

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
}
