using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Services.Data.Identity;
using Services.Tests.Integration.Catalogue;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Samples;
using Services.Web.Endpoints;
using Services.Web.Security;
using Services.Workflows.Journal;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Workflows;

/// <summary>
/// The journal's pages over HTTP on the real portal: the public list and feed of checkpoints (anyone), and the
/// auditor's check at /kiem-tra/{unit} (auditors of the unit, or system admins; nobody else).
/// </summary>
public sealed partial class JournalPagesHttpTests : IAsyncLifetime, IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly TempDirectory _mail = new();
    private readonly Dictionary<string, string?> _settings = new()
    {
        ["Journal:SigningKey"] = JournalSigningKey.Generate(),
        ["Workflows:RunBackgroundWorkers"] = "false",
    };

    private WorkflowNode _node = null!;
    private RunningPortal _portal = null!;
    private TestUnit _unit = null!;
    private Guid _instance;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _node = WorkflowNode.Start(_database, new ManualClock(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(7))), _mail.Path, settings: _settings);
        _unit = await TestUnit.CreateAsync(_database.DataSource);
        // Pages outside any unit show the department, as the seeded portal always has one.
        await using (var department = _database.DataSource.CreateCommand(
            "INSERT INTO units (id, slug, name_vi, name_en, kind, address, phone, email, created_at) " +
            "VALUES (gen_random_uuid(), 'so-thu', 'Sở thử', 'Test department', 'Department', '', '', '', now())"))
        {
            await department.ExecuteNonQueryAsync();
        }

        _instance = (await _node.Runtime.StartAsync(SampleTimerWorkflow.DefinitionName, _unit.Id, $"HS-{Guid.NewGuid():N}", null, Actor.System("test"))).InstanceId;
        _portal = await RunningPortal.StartAsync(_database.ConnectionString, _settings, builder =>
        {
            builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.SchemeName, null);
            builder.Services.Configure<AuthenticationOptions>(o => o.DefaultAuthenticateScheme = HeaderAuthentication.SchemeName);
        });
    }

    public async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _node.DisposeAsync();
        await _database.DisposeAsync();
    }

    public void Dispose() => _mail.Dispose();

    [Fact]
    public async Task TheAuditorSealsOnDemandAndTheFeedPublishesTheSignedCheckpoint()
    {
        using var auditor = ClientAs(PortalRole.Auditor);
        var page = $"/kiem-tra/t-{_unit.Id:N}";
        var before = await ReadAsync(await auditor.GetAsync(page));
        Assert.Contains("Nhật ký nguyên vẹn: 1 bản ghi của 1 hồ sơ.", before, StringComparison.Ordinal);

        // A seal can wait for older transactions elsewhere on the shared server to finish; the button is pressed until it seals.
        string after;
        var deadline = DateTime.UtcNow.AddMinutes(1);
        do
        {
            Assert.True(DateTime.UtcNow < deadline, "the seal button never sealed the entry");
            using var seal = await auditor.PostAsync($"{page}?handler=Seal",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = await TokenAsync(auditor, page) }));
            Assert.Equal(HttpStatusCode.OK, seal.StatusCode);
            after = await ReadAsync(seal);
        }
        while (!after.Contains("Đã niêm phong lần số 1 gồm 1 bản ghi.", StringComparison.Ordinal));

        Assert.Contains("Lần niêm phong cuối: số 1", after, StringComparison.Ordinal);

        // The feed, as anyone fetches it, carries the checkpoint and the key that signed it.
        var feed = (await _portal.NewClient().GetFromJsonAsync<JournalFeed>(JournalEndpoints.FeedRoute))!;
        var checkpoint = Assert.Single(feed.Checkpoints);
        Assert.Equal(1, checkpoint.Entries);
        Assert.Equal(checkpoint.Hash, checkpoint.ComputeHash());
        Assert.True(JournalSigningKey.Verify(feed.PublicKey, checkpoint.Hash, checkpoint.Signature));
        Assert.Equal(JournalSigningKey.IdOf(feed.PublicKey), checkpoint.KeyId);
        Assert.Empty((await _portal.NewClient().GetFromJsonAsync<JournalFeed>($"{JournalEndpoints.FeedRoute}?sau=1"))!.Checkpoints);

        using var publicResponse = await _portal.NewClient().GetAsync("/nhat-ky-kiem-chung");
        var publicPage = await ReadAsync(publicResponse);
        Assert.True(publicResponse.StatusCode == HttpStatusCode.OK, $"{publicResponse.StatusCode}: {publicPage[..Math.Min(3000, publicPage.Length)]}");
        Assert.Contains("Nhật ký kiểm chứng", publicPage, StringComparison.Ordinal);
        Assert.Contains(feed.PublicKey, publicPage, StringComparison.Ordinal);
        Assert.Contains(checkpoint.MerkleRoot[..16], publicPage, StringComparison.Ordinal);
        var english = await ReadAsync(await _portal.NewClient().GetAsync("/en/nhat-ky-kiem-chung"));
        Assert.Contains("Verifiable journal", english, StringComparison.Ordinal);

        // A superuser deletes the dossier and its journal: the auditor's page says so, in Vietnamese or in English.
        await using (var tamper = _database.DataSource.CreateBatch())
        {
            tamper.BatchCommands.Add(new NpgsqlBatchCommand("ALTER TABLE workflow_journal DISABLE TRIGGER workflow_journal_no_update_or_delete"));
            tamper.BatchCommands.Add(new NpgsqlBatchCommand($"DELETE FROM workflow_journal WHERE instance_id = '{_instance}'"));
            tamper.BatchCommands.Add(new NpgsqlBatchCommand($"DELETE FROM workflow_instances WHERE id = '{_instance}'"));
            tamper.BatchCommands.Add(new NpgsqlBatchCommand("ALTER TABLE workflow_journal ENABLE TRIGGER workflow_journal_no_update_or_delete"));
            await tamper.ExecuteNonQueryAsync();
        }

        var broken = await ReadAsync(await auditor.GetAsync(page));
        Assert.Contains("Nhật ký đã bị can thiệp", broken, StringComparison.Ordinal);
        Assert.Contains($"Hồ sơ {_instance} đã bị xoá cùng nhật ký của nó, dù đã được niêm phong ở lần số 1.", broken, StringComparison.Ordinal);
        var brokenEnglish = await ReadAsync(await auditor.GetAsync("/en" + page));
        Assert.Contains($"Dossier {_instance} was deleted together with its journal", brokenEnglish, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnlyTheUnitsAuditorsMayOpenTheCheck()
    {
        var page = $"/kiem-tra/t-{_unit.Id:N}";
        using var anonymous = await _portal.NewClient().GetAsync(page);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/tai-khoan/dang-nhap", anonymous.Headers.Location!.ToString(), StringComparison.Ordinal);

        foreach (var role in new[] { PortalRole.Staff, PortalRole.UnitAdmin, PortalRole.Approver })
        {
            using var client = ClientAs(role);
            using var refused = await client.GetAsync(page);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using var otherUnitsAuditor = ClientAs(PortalRole.Auditor, Guid.NewGuid());
        using var elsewhere = await otherUnitsAuditor.GetAsync(page);
        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.StatusCode);

        using var auditor = ClientAs(PortalRole.Auditor);
        using var allowed = await auditor.GetAsync(page);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    private HttpClient ClientAs(PortalRole role, Guid? unitId = null)
    {
        var client = _portal.NewClient();
        client.DefaultRequestHeaders.Add(HeaderAuthentication.Header, PortalClaims.MembershipValue(unitId ?? _unit.Id, role));
        return client;
    }

    private static async Task<string> TokenAsync(HttpClient client, string path)
    {
        var html = await ReadAsync(await client.GetAsync(path));
        return TokenPattern().Match(html) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException($"No antiforgery token on {path}");
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
}
