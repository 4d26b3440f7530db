using System.Net;
using System.Text.RegularExpressions;
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

namespace Services.Tests.Integration.Staff;

/// <summary>
/// The staff pages over HTTP on the real portal: engine refusals reach staff as Vietnamese sentences with a 409, never
/// a 500; files are served only from answers the service records as files.
/// </summary>
public sealed partial class StaffPagesHttpTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private const string School = "th-nguyen-binh-khiem";
    private static readonly Actor Citizen = new(null, null, null, "127.0.0.1", "Nguyễn Thị Lan");
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
    public async Task AClaimThatLosesToADecisionIsToldWhoDecidedInVietnameseNotA500()
    {
        var (code, unitId) = await SubmitAsync(new Dictionary<string, string>());
        var staff = ClientAs(unitId);
        var queue = await ReadAsync(await staff.GetAsync($"/can-bo/{School}"));
        Assert.Contains(code, queue, StringComparison.Ordinal);
        var taskId = Guid.Parse(Regex.Match(queue, code + "</a>.*?name=\"taskIds\" value=\"([0-9a-f-]{36})\"", RegexOptions.Singleline).Groups[1].Value);

        // A colleague decides between the page being drawn and the click on "Nhận xử lý".
        await DecideAsync(taskId, unitId, "Phạm Thu Hà");
        using var claim = await staff.PostAsync($"/can-bo/{School}?handler=Claim", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(queue),
            ["taskIds"] = taskId.ToString(),
        }));

        Assert.Equal(HttpStatusCode.Conflict, claim.StatusCode);
        var page = await ReadAsync(claim);
        Assert.Contains("Hồ sơ đã được Phạm Thu Hà xử lý lúc", page, StringComparison.Ordinal);
        Assert.DoesNotContain("already decided", page, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ADecisionOnAStalePageIsToldTheDossierMovedOn()
    {
        var (code, unitId) = await SubmitAsync(new Dictionary<string, string>());
        var staff = ClientAs(unitId);
        var dossierPage = await ReadAsync(await staff.GetAsync($"/can-bo/{School}/ho-so/{code}"));
        Assert.Contains("Chấp thuận", dossierPage, StringComparison.Ordinal);
        Assert.Contains("Yêu cầu bổ sung", dossierPage, StringComparison.Ordinal);

        using var decided = await staff.PostAsync($"/can-bo/{School}/ho-so/{code}?handler=Decide", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(dossierPage),
            ["decision"] = "no-such-decision",
        }));

        Assert.Equal(HttpStatusCode.Conflict, decided.StatusCode);
        Assert.Contains("Hồ sơ đã chuyển sang bước khác", await ReadAsync(decided), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATextAnswerHoldingAFileReferenceDownloadsNothingWhileTheFileAnswerDownloads()
    {
        var store = _portal.Services.GetRequiredService<IAttachmentStore>();
        var pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray();
        var stored = (await store.SaveAsync(new MemoryStream(pdf), "giay-kham-benh.pdf", 0, default)).Attachment!;
        var forged = $$"""{"sha256":"{{stored.Sha256}}","name":"x.html","contentType":"text/html","size":10}""";
        var (code, unitId) = await SubmitAsync(new Dictionary<string, string>
        {
            ["ly-do"] = forged,
            ["giay-to"] = DossierFile.From(stored).ToJson(),
        });
        var staff = ClientAs(unitId);

        using var posed = await staff.GetAsync($"/can-bo/{School}/ho-so/{code}?handler=File&key=ly-do");
        Assert.Equal(HttpStatusCode.NotFound, posed.StatusCode);
        Assert.DoesNotContain("%PDF", await posed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var real = await staff.GetAsync($"/can-bo/{School}/ho-so/{code}?handler=File&key=giay-to");
        Assert.Equal(HttpStatusCode.OK, real.StatusCode);
        Assert.Equal("application/pdf", real.Content.Headers.ContentType?.MediaType);
        Assert.Equal(pdf, await real.Content.ReadAsByteArrayAsync());
    }

    private HttpClient ClientAs(Guid unitId)
    {
        var client = _portal.NewClient();
        client.DefaultRequestHeaders.Add(HeaderAuthentication.Header, PortalClaims.MembershipValue(unitId, PortalRole.Staff));
        return client;
    }

    private Task<(string Code, Guid UnitId)> SubmitAsync(Dictionary<string, string> extra) =>
        LeaveApplication.SubmitAsync(_portal.Services, School, extra, citizen: Citizen);

    private async Task DecideAsync(Guid taskId, Guid unitId, string name)
    {
        await using var db = database.CreateContext();
        var member = await db.UnitMemberships.FirstAsync(m => m.UnitId == unitId && m.Role == PortalRole.Staff);
        var result = await _portal.Services.GetRequiredService<TaskService>()
            .DecideAsync(taskId, GenericFormWorkflow.Events.Approve, null, new Actor(member.UserId, PortalRole.Staff, unitId, "127.0.0.1", name));
        Assert.Equal(DecisionOutcome.Decided, result.Outcome);
        Assert.Equal(HumanTaskStatus.Decided, (await db.WorkflowTasks.SingleAsync(t => t.Id == taskId)).Status);
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
}
