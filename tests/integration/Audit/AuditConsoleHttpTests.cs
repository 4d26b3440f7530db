using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Services.Data.Identity;
using Services.Tests.Integration.Catalogue;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Integration.Workflows;
using Services.Web.Security;
using Services.Workflows.Audit;
using Services.Workflows.GenericForms;
using Services.Workflows.Journal;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Audit;

/// <summary>
/// The audit console over HTTP on the real portal and the demo city: auditors find dossiers only in the units under
/// theirs (a district office's auditor never sees the other district's), every search and every history opened is
/// journaled, the history shows each entry, the SLA and the chain's verdict, and a row tampered with in the database by
/// a superuser shows as a broken chain at that entry. The exported history checks out offline, and a tampered copy does not.
/// </summary>
public sealed class AuditConsoleHttpTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private const string BinhAn = "phong-gd-binh-an";
    private const string NguyenBinhKhiem = "th-nguyen-binh-khiem";
    private const string LeLoi = "th-le-loi";
    private const string Department = "so-gd-dt";

    private readonly Dictionary<string, string?> _settings = new() { ["Journal:SigningKey"] = JournalSigningKey.Generate() };
    private RunningPortal _portal = null!;

    public async Task InitializeAsync()
    {
        _portal = await RunningPortal.StartAsync(database.ConnectionString, _settings, builder =>
        {
            builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.SchemeName, null);
            builder.Services.Configure<AuthenticationOptions>(o => o.DefaultAuthenticateScheme = HeaderAuthentication.SchemeName);
        });
        await _portal.SeedDemoCityAsync();
    }

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task AnAuditorFindsTheDossiersOfTheUnitsUnderTheirsOnlyAndEverySearchIsJournaled()
    {
        var (mine, _) = await LeaveApplication.SubmitAsync(_portal.Services, NguyenBinhKhiem);
        var (otherDistrict, _) = await LeaveApplication.SubmitAsync(_portal.Services, LeLoi);
        using var districtAuditor = await ClientAsync(BinhAn, PortalRole.Auditor);

        var all = await ReadAsync(await districtAuditor.GetAsync($"/kiem-tra/{BinhAn}/ho-so"));
        Assert.Contains(mine, all, StringComparison.Ordinal);
        Assert.DoesNotContain(otherDistrict, all, StringComparison.Ordinal);

        var byCode = await ReadAsync(await districtAuditor.GetAsync($"/kiem-tra/{BinhAn}/ho-so?ma={mine[..6]}&nguoi={Uri.EscapeDataString(LeaveApplication.ParentName)}"));
        Assert.Contains(mine, byCode, StringComparison.Ordinal);
        var foreign = await ReadAsync(await districtAuditor.GetAsync($"/kiem-tra/{BinhAn}/ho-so?ma={otherDistrict}"));
        Assert.Contains("Tìm thấy 0 kết quả", foreign, StringComparison.Ordinal);
        Assert.DoesNotContain((await InstanceOfAsync(otherDistrict)).ToString(), foreign, StringComparison.Ordinal);
        var nobody = await ReadAsync(await districtAuditor.GetAsync($"/kiem-tra/{BinhAn}/ho-so?ma={mine}&nguoi=Kh%C3%B4ng%20ai%20t%C3%AAn%20n%C3%A0y"));
        Assert.Contains("Tìm thấy 0 kết quả", nobody, StringComparison.Ordinal);

        // Narrowing to a unit outside the scope is refused, not silently widened.
        using var outside = await districtAuditor.GetAsync($"/kiem-tra/{BinhAn}/ho-so?don-vi={LeLoi}");
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);

        using var departmentAuditor = await ClientAsync(Department, PortalRole.Auditor);
        var city = await ReadAsync(await departmentAuditor.GetAsync($"/kiem-tra/{Department}/ho-so?don-vi={LeLoi}"));
        Assert.Contains(otherDistrict, city, StringComparison.Ordinal);
        Assert.DoesNotContain(mine, city, StringComparison.Ordinal);
        var english = await ReadAsync(await departmentAuditor.GetAsync($"/en/kiem-tra/{Department}/ho-so?ma={mine}"));
        Assert.Contains("1 found", english, StringComparison.Ordinal);

        // Each search is a line of the auditor's unit's administration chain, with its filters.
        var searches = await AuditLinesAsync(BinhAn, AuditorReads.Search);
        Assert.Contains(searches, s => s.Payload.Contains($"\"code\":\"{otherDistrict}\"", StringComparison.Ordinal) && s.ActorRole == "Auditor");
        Assert.Contains(searches, s => s.Payload.Contains($"\"code\":\"{mine[..6]}\"", StringComparison.Ordinal));
        Assert.Contains(await AuditLinesAsync(Department, AuditorReads.Search), s => s.Payload.Contains($"\"unit\":\"{LeLoi}\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnotherDistrictsDossierIsNotFoundAndClerksCannotOpenTheConsole()
    {
        var (otherDistrict, _) = await LeaveApplication.SubmitAsync(_portal.Services, LeLoi);
        var instance = await InstanceOfAsync(otherDistrict);
        using var districtAuditor = await ClientAsync(BinhAn, PortalRole.Auditor);
        using var hidden = await districtAuditor.GetAsync($"/kiem-tra/{BinhAn}/ho-so/{instance}");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        using var hiddenExport = await districtAuditor.GetAsync($"/kiem-tra/{BinhAn}/ho-so/{instance}?handler=Json");
        Assert.Equal(HttpStatusCode.NotFound, hiddenExport.StatusCode);
        using var otherUnitsConsole = await districtAuditor.GetAsync($"/kiem-tra/phong-gd-long-hoa/ho-so/{instance}");
        Assert.Equal(HttpStatusCode.Forbidden, otherUnitsConsole.StatusCode);

        using var clerk = await ClientAsync(LeLoi, PortalRole.Staff);
        foreach (var path in new[] { $"/kiem-tra/{LeLoi}/ho-so", $"/kiem-tra/{LeLoi}/ho-so/{instance}", $"/kiem-tra/{LeLoi}" })
        {
            using var refused = await clerk.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using var departmentAuditor = await ClientAsync(Department, PortalRole.Auditor);
        using var allowed = await departmentAuditor.GetAsync($"/kiem-tra/{Department}/ho-so/{instance}");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task TheHistoryIsVerifiedAgainstItsCheckpointAndATamperedRowShowsTheChainBrokenThere()
    {
        var (code, unitId) = await LeaveApplication.SubmitAsync(_portal.Services, NguyenBinhKhiem);
        var instance = await InstanceOfAsync(code);
        await DecideAsync(instance, unitId);
        // The step was decided 2 days 3 hours after its due time (the decision time stays as the runtime wrote it).
        await ExecuteAsync($"UPDATE workflow_tasks SET due_at = decided_at - interval '2 days 3 hours' WHERE instance_id = '{instance}'");
        var checkpoint = await SealAsync();

        using var auditor = await ClientAsync(BinhAn, PortalRole.Auditor);
        var page = $"/kiem-tra/{BinhAn}/ho-so/{instance}";
        var intact = await ReadAsync(await auditor.GetAsync(page));
        Assert.Contains($"Chuỗi nguyên vẹn: 2 bản ghi, đã được niêm phong trong lần niêm phong số {checkpoint}.", intact, StringComparison.Ordinal);
        Assert.Contains("Trễ 2 ngày 3 giờ", intact, StringComparison.Ordinal);
        Assert.Contains("Lê Thị Thu", intact, StringComparison.Ordinal);
        Assert.Contains("10.1.2.3", intact, StringComparison.Ordinal);
        Assert.Contains("lastOutcome", intact, StringComparison.Ordinal);
        Assert.Contains("<del>∅</del> → <ins>approve</ins>", intact, StringComparison.Ordinal);
        // The workflow drawn on the server: an accessible SVG with the path taken, and the same as a text list; no script.
        Assert.Contains("role=\"img\" aria-labelledby=\"diagram-svg-title diagram-svg-desc\"", intact, StringComparison.Ordinal);
        Assert.Contains("class=\"edge-taken\"", intact, StringComparison.Ordinal);
        Assert.Contains("id=\"diagram-list\"", intact, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", intact, StringComparison.Ordinal);
        var english = await ReadAsync(await auditor.GetAsync("/en" + page));
        Assert.Contains($"The chain is intact: 2 entries, included in checkpoint {checkpoint}.", english, StringComparison.Ordinal);
        Assert.Contains("Late by 2 d 3 h", english, StringComparison.Ordinal);
        Assert.Contains(await AuditLinesAsync(BinhAn, AuditorReads.History), l => l.Payload.Contains(code, StringComparison.Ordinal));

        // A superuser rewrites who decided: the entry no longer matches its hash.
        await TamperAsync($"UPDATE workflow_journal SET actor_name = 'Người khác' WHERE instance_id = '{instance}' AND seq = 2");
        var broken = await ReadAsync(await auditor.GetAsync(page));
        Assert.Contains("Chuỗi bị phá vỡ tại bản ghi số 2: nội dung hoặc liên kết của bản ghi này không còn khớp với mã băm.", broken, StringComparison.Ordinal);
        Assert.Contains("Chuỗi bị phá vỡ tại bản ghi này.", broken, StringComparison.Ordinal);
        Assert.DoesNotContain("Chuỗi nguyên vẹn", broken, StringComparison.Ordinal);

        // Re-hashing the entry (and the instance's chain end) makes the chain hold again; the checkpoint still catches it.
        var entry = (await _portal.Services.GetRequiredService<InstanceQueries>().JournalAsync(instance)).Single(e => e.Seq == 2);
        var rehashed = JournalChain.Hash(JournalFields.Of(entry), entry.PrevHash);
        await TamperAsync($"UPDATE workflow_journal SET hash = '{rehashed}' WHERE instance_id = '{instance}' AND seq = 2",
            $"UPDATE workflow_instances SET last_journal_hash = '{rehashed}' WHERE id = '{instance}'");
        var resealedLie = await ReadAsync(await auditor.GetAsync(page));
        Assert.Contains($"Chuỗi bị phá vỡ tại bản ghi số 2: bản ghi đã bị viết lại sau khi được niêm phong ở lần số {checkpoint}.", resealedLie,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheExportedHistoryVerifiesOfflineAndATamperedCopyDoesNot()
    {
        var (code, unitId) = await LeaveApplication.SubmitAsync(_portal.Services, NguyenBinhKhiem);
        var instance = await InstanceOfAsync(code);
        await DecideAsync(instance, unitId);
        var checkpoint = await SealAsync();

        using var auditor = await ClientAsync(NguyenBinhKhiem, PortalRole.Auditor);
        using var response = await auditor.GetAsync($"/kiem-tra/{NguyenBinhKhiem}/ho-so/{instance}?handler=Json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var json = await response.Content.ReadAsStringAsync();
        Assert.Contains(await AuditLinesAsync(NguyenBinhKhiem, AuditorReads.Export), l => l.Payload.Contains(code, StringComparison.Ordinal));

        using var directory = new TempDirectory();
        var file = Path.Combine(directory.Path, "history.json");
        await File.WriteAllTextAsync(file, json);
        var feed = Path.Combine(directory.Path, "feed.json");
        await File.WriteAllTextAsync(feed, await _portal.NewClient().GetStringAsync("/nhat-ky-kiem-chung.json"));

        var (exit, output) = await VerifyAsync(file, "--published", feed);
        Assert.True(exit == 0, output);
        Assert.Contains($"INTACT {code}: 2 entries, 2 sealed, included in checkpoint {checkpoint}", output, StringComparison.Ordinal);

        // Someone edits the file to say another person decided.
        var tampered = JsonNode.Parse(json)!;
        tampered["entries"]![1]!["actorName"] = "Người khác";
        await File.WriteAllTextAsync(file, tampered.ToJsonString());
        (exit, output) = await VerifyAsync(file);
        Assert.True(exit == 1, output);
        Assert.Contains($"BROKEN {code}: EntryAltered at entry 2", output, StringComparison.Ordinal);

        // Or re-hashes the entry so its chain holds: the inclusion proof still names it.
        var entries = JsonSerializer.Deserialize<HistoryExport>(tampered.ToJsonString(), HistoryExport.Json)!.Entries;
        var rehashed = JournalChain.Hash(JournalFields.Of(entries[1]), entries[1].PrevHash);
        tampered["entries"]![1]!["hash"] = rehashed;
        await File.WriteAllTextAsync(file, tampered.ToJsonString());
        (exit, output) = await VerifyAsync(file);
        Assert.True(exit == 1, output);
        Assert.Contains($"BROKEN {code}: RewrittenAfterSeal at entry 2 (checkpoint {checkpoint})", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHistoryPrintsAsAPdfOnlyForTheAuditedUnitsAndThePrintIsJournaled()
    {
        var (code, unitId) = await LeaveApplication.SubmitAsync(_portal.Services, NguyenBinhKhiem);
        var instance = await InstanceOfAsync(code);
        await DecideAsync(instance, unitId);

        using var auditor = await ClientAsync(BinhAn, PortalRole.Auditor);
        var page = await ReadAsync(await auditor.GetAsync($"/kiem-tra/{BinhAn}/ho-so/{instance}"));
        Assert.Contains($"/kiem-tra/{BinhAn}/ho-so/{instance}?handler=Pdf", page, StringComparison.Ordinal);
        using var response = await auditor.GetAsync($"/kiem-tra/{BinhAn}/ho-so/{instance}?handler=Pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF-"u8.ToArray(), pdf[..5]);
        Assert.Contains(await AuditLinesAsync(BinhAn, AuditorReads.Export), l => l.Payload.Contains(code, StringComparison.Ordinal));

        using var otherDistrict = await ClientAsync("phong-gd-long-hoa", PortalRole.Auditor);
        using var hidden = await otherDistrict.GetAsync($"/kiem-tra/phong-gd-long-hoa/ho-so/{instance}?handler=Pdf");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
    }

    [Fact]
    public async Task WhoDidWhatListsAStaffMembersActionsInThePeriodOnlyInTheAuditedUnits()
    {
        var clerk = Guid.NewGuid();
        var (mine, unitId) = await LeaveApplication.SubmitAsync(_portal.Services, NguyenBinhKhiem);
        var instance = await InstanceOfAsync(mine);
        await DecideAsync(instance, unitId, clerk, "Phạm Văn Kiểm");
        var (elsewhere, otherUnit) = await LeaveApplication.SubmitAsync(_portal.Services, LeLoi);
        var foreignClerk = Guid.NewGuid();
        await DecideAsync(await InstanceOfAsync(elsewhere), otherUnit, foreignClerk, "Đỗ Thị Ngoài");
        var day = WorkingCalendar.LocalDate((await _portal.Services.GetRequiredService<InstanceQueries>().JournalAsync(instance))[^1].OccurredAt);

        using var auditor = await ClientAsync(BinhAn, PortalRole.Auditor);
        var form = await ReadAsync(await auditor.GetAsync($"/kiem-tra/{BinhAn}/nguoi-thuc-hien"));
        Assert.Contains($"<option value=\"{clerk}\">Phạm Văn Kiểm</option>", form, StringComparison.Ordinal);
        Assert.DoesNotContain("Đỗ Thị Ngoài", form, StringComparison.Ordinal);

        var iso = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var report = await ReadAsync(await auditor.GetAsync($"/kiem-tra/{BinhAn}/nguoi-thuc-hien?nguoi={clerk}&tu={iso}&den={iso}"));
        Assert.Contains("Phạm Văn Kiểm: 1 việc trên 1 hồ sơ", report, StringComparison.Ordinal);
        Assert.Contains($"/kiem-tra/{BinhAn}/ho-so/{instance}#entry-2", report, StringComparison.Ordinal);
        Assert.Contains("Quyết định: Chấp thuận", report, StringComparison.Ordinal);
        Assert.DoesNotContain("task review decided", report, StringComparison.Ordinal);

        // The day before: nothing; another district's clerk: not theirs to see, not even whether they exist.
        var before = day.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("Phạm Văn Kiểm: 0 việc trên 0 hồ sơ",
            await ReadAsync(await auditor.GetAsync($"/kiem-tra/{BinhAn}/nguoi-thuc-hien?nguoi={clerk}&tu={before}&den={before}")), StringComparison.Ordinal);
        using var foreign = await auditor.GetAsync($"/kiem-tra/{BinhAn}/nguoi-thuc-hien?nguoi={foreignClerk}");
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Contains(await AuditLinesAsync(BinhAn, AuditorReads.Report), l => l.Payload.Contains(clerk.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProcessingTimeStatisticsGiveTheShareOnTimeAndTheDelaysOfTheLateSteps()
    {
        const string TranHungDao = "thcs-tran-hung-dao";
        var codes = new List<(Guid Instance, Guid Unit)>();
        for (var i = 0; i < 3; i++)
        {
            var (code, unitId) = await LeaveApplication.SubmitAsync(_portal.Services, TranHungDao);
            codes.Add((await InstanceOfAsync(code), unitId));
        }

        foreach (var (instance, unit) in codes.Take(2))
        {
            await DecideAsync(instance, unit);
        }

        // One decided 2 days 3 hours late, one on time, one still open and already 5 hours past its due time.
        await ExecuteAsync($"UPDATE workflow_tasks SET due_at = decided_at - interval '2 days 3 hours' WHERE instance_id = '{codes[0].Instance}'");
        await ExecuteAsync($"UPDATE workflow_tasks SET due_at = decided_at + interval '1 day' WHERE instance_id = '{codes[1].Instance}'");
        await ExecuteAsync($"UPDATE workflow_tasks SET due_at = now() - interval '5 hours 10 minutes' WHERE instance_id = '{codes[2].Instance}'");

        using var auditor = await ClientAsync(TranHungDao, PortalRole.Auditor);
        var stats = await ReadAsync(await auditor.GetAsync($"/kiem-tra/{TranHungDao}/thong-ke"));
        var row = System.Text.RegularExpressions.Regex.Match(stats, "<tr>\\s*<td>[^<]*Trần Hưng Đạo</td>\\s*<td>Xin nghỉ học</td>(.*?)</tr>",
            System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.True(row.Success, stats);
        var cells = System.Text.RegularExpressions.Regex.Matches(row.Groups[1].Value, "<td[^>]*>([^<]*)</td>").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["3", "33 %", "2", "1 ngày 4 giờ", "2 ngày 3 giờ"], cells.Select(c => c.Trim()).Take(4).Append(cells[4].Trim()).ToList());
        Assert.Contains("id=\"sla-chart\"", stats, StringComparison.Ordinal);
        Assert.Contains("Xin nghỉ học: 33 % đúng hạn trong 3 bước", stats, StringComparison.Ordinal);
        Assert.Contains(await AuditLinesAsync(TranHungDao, AuditorReads.Report), l => l.Payload.Contains("\"sla\"", StringComparison.Ordinal));

        var english = await ReadAsync(await auditor.GetAsync($"/en/kiem-tra/{TranHungDao}/thong-ke"));
        Assert.Contains("2 d 3 h", english, StringComparison.Ordinal);
    }

    private async Task<HttpClient> ClientAsync(string unitSlug, PortalRole role)
    {
        await using var db = database.CreateContext();
        var unit = await db.Units.SingleAsync(u => u.Slug == unitSlug);
        var client = _portal.NewClient();
        client.DefaultRequestHeaders.Add(HeaderAuthentication.Header, PortalClaims.MembershipValue(unit.Id, role));
        return client;
    }

    private async Task<Guid> InstanceOfAsync(string code) =>
        (await _portal.Services.GetRequiredService<InstanceQueries>().FindByCorrelationAsync(code))!.Summary.Id;

    private async Task DecideAsync(Guid instance, Guid unitId, Guid? clerk = null, string name = "Lê Thị Thu")
    {
        var task = Assert.Single(await _portal.Services.GetRequiredService<TaskQueries>().ForInstanceAsync(instance));
        var result = await _portal.Services.GetRequiredService<TaskService>()
            .DecideAsync(task.Id, GenericFormWorkflow.Events.Approve, null, new Actor(clerk ?? Guid.NewGuid(), PortalRole.Staff, unitId, "10.1.2.3", name));
        Assert.Equal(DecisionOutcome.Decided, result.Outcome);
    }

    /// <summary>Seals until the entries written so far are in a checkpoint (older transactions on the shared server can hold a seal back).</summary>
    private async Task<int> SealAsync()
    {
        var sealer = _portal.Services.GetRequiredService<JournalSealer>();
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            await sealer.SealAsync();
            await using var pending = database.DataSource.CreateCommand(
                "SELECT count(*) FROM workflow_journal j WHERE NOT EXISTS (SELECT 1 FROM journal_checkpoints c WHERE j.xact_id >= c.xact_from AND j.xact_id < c.xact_to)");
            if ((long)(await pending.ExecuteScalarAsync())! == 0)
            {
                await using var last = database.DataSource.CreateCommand("SELECT max(seq) FROM journal_checkpoints");
                return (int)(await last.ExecuteScalarAsync())!;
            }

            Assert.True(DateTime.UtcNow < deadline, "the journal was never sealed");
            await Task.Delay(200);
        }
    }

    private async Task<IReadOnlyList<(string Payload, string? ActorRole)>> AuditLinesAsync(string unitSlug, string action)
    {
        await using var db = database.CreateContext();
        var unit = await db.Units.SingleAsync(u => u.Slug == unitSlug);
        await using var command = database.DataSource.CreateCommand(
            "SELECT j.payload, j.actor_role FROM workflow_journal j JOIN workflow_instances i ON i.id = j.instance_id WHERE i.correlation = $1 AND j.action = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = AdministrationJournal.CorrelationOf(unit.Id) });
        command.Parameters.Add(new NpgsqlParameter { Value = action });
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<(string, string?)>();
        while (await reader.ReadAsync())
        {
            lines.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
        }

        return lines;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>What a superuser can do: switch the append-only trigger off, change rows, switch it back on.</summary>
    private async Task TamperAsync(params string[] statements)
    {
        await using var batch = database.DataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("ALTER TABLE workflow_journal DISABLE TRIGGER workflow_journal_no_update_or_delete"));
        foreach (var sql in statements)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(sql));
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand("ALTER TABLE workflow_journal ENABLE TRIGGER workflow_journal_no_update_or_delete"));
        await batch.ExecuteNonQueryAsync();
    }

    private static async Task<(int ExitCode, string Output)> VerifyAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Services.Web.dll"));
        start.ArgumentList.Add("verify-history");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
        return (process.ExitCode, await output + await errors);
    }

    private static async Task<string> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {html[..Math.Min(2000, html.Length)]}");
            return html;
        }
    }
}
