using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Samples;
using Services.Workflows.Dossiers;
using Services.Workflows.Dossiers.Attachments;
using Services.Workflows.GenericForms;
using Services.Workflows.Retention;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Security;

/// <summary>
/// Finding 9: personal data is not kept for ever. Drafts end with the submission (the token opens the receipt for an
/// hour, not thirty days) and never travel in the journey's URLs; expired drafts and the files only they held are
/// deleted; a finished dossier's personal data, answers, versions and files go after its service's period while the
/// dossier, its workflow and its journal stay, the journal still verifiable. Time moves on a manual clock.
/// </summary>
public sealed partial class RetentionTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private const string Form = "/th-nguyen-binh-khiem/dich-vu/xin-nghi-hoc";
    private static readonly byte[] TinyPdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray();
    private readonly ManualClock _clock = new(new DateTimeOffset(2027, 3, 1, 2, 0, 0, TimeSpan.Zero));
    private RunningPortal _portal = null!;

    public async Task InitializeAsync()
    {
        _portal = await RunningPortal.StartAsync(database.ConnectionString, new Dictionary<string, string?>
        {
            ["Workflows:RunBackgroundWorkers"] = "false",
            ["Retention:FileGrace"] = "00:00:00",
            ["Retention:Services:student-status"] = "10.00:00:00",
        }, replaceServices: s => s.AddSingleton<TimeProvider>(_clock));
        await _portal.SeedDemoCityAsync();
    }

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task ADraftTokenNeverTravelsInTheJourneysUrlsAndOpensTheReceiptOnlyBrieflyAfterSubmission()
    {
        using var client = _portal.NewClient();
        using (var start = await PostAsync(client, Form, []))
        {
            Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
            Assert.Equal($"{Form}/buoc/1", start.Headers.Location!.OriginalString);
            var cookie = Assert.Single(start.Headers.GetValues("Set-Cookie"), c => c.StartsWith("portal.draft-", StringComparison.Ordinal));
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        }

        await StepAsync(client, 1, ("a.nguoi-nop-ho-ten", "Nguyễn Thị Lan"), ("a.nguoi-nop-ngay-sinh", "1988-04-12"), ("a.nguoi-nop-dien-thoai", "0903123456"));
        await StepAsync(client, 2, ("a.hoc-sinh-ho-ten", "Trần Minh Khôi"), ("a.hoc-sinh-lop", "3A2"));
        await StepAsync(client, 3, ("a.tu-ngay", "2027-03-02"), ("a.den-ngay", "2027-03-03"), ("a.ly-do", "Cháu bị sốt."));
        await StepAsync(client, 4, ("a.cam-doan", "true"));
        using (var submit = await PostAsync(client, $"{Form}/kiem-tra", []))
        {
            Assert.Equal(HttpStatusCode.Redirect, submit.StatusCode);
            Assert.Equal($"{Form}/da-nop", submit.Headers.Location!.OriginalString);
        }

        using (var receipt = await client.GetAsync($"{Form}/da-nop?handler=Receipt"))
        {
            Assert.Equal(HttpStatusCode.OK, receipt.StatusCode);
            Assert.Equal("application/pdf", receipt.Content.Headers.ContentType?.MediaType);
        }

        // The answers left the draft with the submission: they live in the dossier only.
        await using (var db = database.CreateContext())
        {
            var draft = await db.DossierDrafts.AsNoTracking().OrderByDescending(d => d.CreatedAt).FirstAsync(d => d.SubmittedAt != null);
            Assert.Empty(draft.Data);
            Assert.True(draft.ExpiresAt <= _clock.GetUtcNow() + FormDrafts.AfterSubmission);
        }

        _clock.Advance(TimeSpan.FromHours(2));
        using var later = await client.GetAsync($"{Form}/da-nop");
        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);
        Assert.Contains("het-han=1", later.Headers.Location!.OriginalString, StringComparison.Ordinal);
        using var laterReceipt = await client.GetAsync($"{Form}/da-nop?handler=Receipt");
        Assert.Equal(HttpStatusCode.Redirect, laterReceipt.StatusCode);
    }

    [Fact]
    public async Task TheMailedResumeLinkIsExchangedForTheCookieAndTheJourneyGoesOnWithoutTheToken()
    {
        using var client = _portal.NewClient();
        (await PostAsync(client, Form, [])).Dispose();
        await StepAsync(client, 1, ("a.nguoi-nop-ho-ten", "Nguyễn Thị Lan"), ("a.nguoi-nop-ngay-sinh", "1988-04-12"), ("a.nguoi-nop-dien-thoai", "0903123456"));
        using var saved = await PostAsync(client, $"{Form}/buoc/2?handler=Save", [("a.hoc-sinh-ho-ten", "Trần Minh Khôi")]);
        var link = ResumeLink().Match(await saved.Content.ReadAsStringAsync()).Groups[1].Value.Replace("&amp;", "&", StringComparison.Ordinal);
        Assert.StartsWith($"{RunningPortal.PublicBaseUrl}{Form}?handler=Resume&ban-nhap=", link, StringComparison.Ordinal);

        using var otherDevice = _portal.NewClient();
        using var resumed = await otherDevice.GetAsync(new Uri(link).PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, resumed.StatusCode);
        Assert.Equal($"{Form}/buoc/2", resumed.Headers.Location!.OriginalString);
        var step = await otherDevice.GetStringAsync($"{Form}/buoc/2");
        Assert.Contains("Trần Minh Khôi", step, StringComparison.Ordinal);
        Assert.DoesNotContain("ban-nhap", step, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExpiredDraftIsDeletedWithTheFilesOnlyItHeld()
    {
        var onlyHere = await StoreAsync("only-in-the-old-draft");
        var shared = await StoreAsync("also-in-a-live-draft");
        var old = await DraftAsync(("giay-to", onlyHere), ("giay-to-2", shared));
        _clock.Advance(TimeSpan.FromDays(20));
        var live = await DraftAsync(("giay-to", shared));
        _clock.Advance(TimeSpan.FromDays(11)); // the first is 31 days old, the second 11

        var report = await _portal.Services.GetRequiredService<RetentionSweep>().RunAsync();

        Assert.NotNull(report);
        await using var db = database.CreateContext();
        Assert.False(await db.DossierDrafts.AnyAsync(d => d.Id == old));
        Assert.True(await db.DossierDrafts.AnyAsync(d => d.Id == live));
        var store = _portal.Services.GetRequiredService<IAttachmentStore>();
        Assert.Null(store.OpenRead(onlyHere.Sha256));
        using var kept = store.OpenRead(shared.Sha256);
        Assert.NotNull(kept);
    }

    [Fact]
    public async Task AFinishedDossiersPersonalDataGoesAfterItsServicesPeriodAndTheJournalStaysVerifiable()
    {
        var code = await ApplyForStudentStatusAsync();
        Guid instanceId;
        long journalRows;
        await using (var finish = database.DataSource.CreateCommand(
                         "UPDATE workflow_instances SET completed_at = $1 WHERE correlation = $2 RETURNING id"))
        {
            finish.Parameters.Add(new NpgsqlParameter { Value = _clock.GetUtcNow() });
            finish.Parameters.Add(new NpgsqlParameter { Value = code });
            instanceId = (Guid)(await finish.ExecuteScalarAsync())!;
        }

        journalRows = await JournalRowsAsync(instanceId);
        var sweep = _portal.Services.GetRequiredService<RetentionSweep>();

        _clock.Advance(TimeSpan.FromDays(9)); // student-status keeps 10 days here
        await sweep.RunAsync();
        await using (var db = database.CreateContext())
        {
            var kept = await db.Dossiers.AsNoTracking().SingleAsync(d => d.TrackingCode == code);
            Assert.Equal("Nguyễn Thị Lan", kept.ApplicantName);
            Assert.Null(kept.PersonalDataRemovedAt);
        }

        _clock.Advance(TimeSpan.FromDays(2));
        await sweep.RunAsync();

        await using (var db = database.CreateContext())
        {
            var dossier = await db.Dossiers.AsNoTracking().SingleAsync(d => d.TrackingCode == code);
            Assert.Equal("", dossier.ApplicantName);
            Assert.Null(dossier.ApplicantPhone);
            Assert.Null(dossier.ApplicantEmail);
            Assert.Empty(dossier.Data);
            Assert.Equal(_clock.GetUtcNow(), dossier.PersonalDataRemovedAt);
            Assert.False(await db.DossierDataVersions.AnyAsync(v => v.DossierId == dossier.Id));
            var state = await db.WorkflowInstances.AsNoTracking().Where(i => i.Id == instanceId).Select(i => i.State).SingleAsync();
            Assert.DoesNotContain(DossierState.ApplicantEmail, state, StringComparison.Ordinal);
            Assert.DoesNotContain("0903123456", state, StringComparison.Ordinal);
        }

        Assert.Equal(journalRows, await JournalRowsAsync(instanceId));
        var chain = await _portal.Services.GetRequiredService<JournalVerifier>().VerifyAsync(instanceId);
        Assert.True(chain.Intact, chain.Reason);

        // Both lookup factors are gone with the data: the status lookup no longer answers for the code.
        using var visitor = new Visitor(_portal);
        using var lookup = await visitor.PostFormAsync("/tra-cuu-ho-so", new Dictionary<string, string> { ["ma"] = code, ["ngay-sinh"] = "1988-04-12" });
        Assert.DoesNotContain("Trần Minh Khôi", await lookup.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhileAnotherNodeSweepsThisOneStandsAside()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using (var hold = new NpgsqlCommand("SELECT pg_advisory_lock(x'72657461696e'::bigint)", connection))
        {
            await hold.ExecuteNonQueryAsync();
        }

        Assert.Null(await _portal.Services.GetRequiredService<RetentionSweep>().RunAsync());

        await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock(x'72657461696e'::bigint)", connection))
        {
            await release.ExecuteNonQueryAsync();
        }

        Assert.NotNull(await _portal.Services.GetRequiredService<RetentionSweep>().RunAsync());
    }

    private async Task<long> JournalRowsAsync(Guid instanceId)
    {
        await using var count = database.DataSource.CreateCommand("SELECT count(*) FROM workflow_journal WHERE instance_id = $1");
        count.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private async Task<string> ApplyForStudentStatusAsync()
    {
        using var visitor = new Visitor(_portal);
        using var submitted = await visitor.PostFormAsync("/th-nguyen-binh-khiem/dich-vu/giay-xac-nhan-hoc-sinh", new Dictionary<string, string>
        {
            ["khoa"] = Guid.NewGuid().ToString(),
            ["a.nguoi-nop-ho-ten"] = "Nguyễn Thị Lan",
            ["a.nguoi-nop-ngay-sinh"] = "1988-04-12",
            ["a.nguoi-nop-dien-thoai"] = "0903123456",
            ["a.nguoi-nop-email"] = "lan.nguyen@example.vn",
            ["a.hoc-sinh-ho-ten"] = "Trần Minh Khôi",
            ["a.hoc-sinh-ngay-sinh"] = "2018-05-02",
            ["a.hoc-sinh-lop"] = "3A2",
            ["a.muc-dich"] = "Bổ sung hồ sơ học bổng",
        });
        var html = await submitted.Content.ReadAsStringAsync();
        var code = Regex.Match(html, "id=\"tracking-code\">([^<]+)<").Groups[1].Value;
        Assert.True(code.Length > 0, html);
        return code;
    }

    private async Task<DossierFile> StoreAsync(string distinct)
    {
        var bytes = TinyPdf.Concat(Encoding.ASCII.GetBytes($"% {distinct} {Guid.NewGuid()}\n")).ToArray();
        using var stream = new MemoryStream(bytes);
        var saved = await _portal.Services.GetRequiredService<IAttachmentStore>().SaveAsync(stream, $"{distinct}.pdf", 0, CancellationToken.None);
        return DossierFile.From(saved.Attachment!);
    }

    private async Task<Guid> DraftAsync(params (string Key, DossierFile File)[] files)
    {
        await using var scope = _portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Services.Data.PortalDbContext>();
        var form = await db.OnlineForms.FirstAsync(f => f.Slug == "xin-nghi-hoc");
        var drafts = scope.ServiceProvider.GetRequiredService<FormDrafts>();
        var (draft, _) = await drafts.StartAsync(form, null, new Dictionary<string, string>(), CancellationToken.None);
        var answers = files.ToDictionary(f => f.Key, f => f.File.ToJson());
        await drafts.SaveAsync(draft, answers, answers.Keys, 3, CancellationToken.None);
        return draft.Id;
    }

    private static async Task StepAsync(HttpClient client, int step, params (string Key, string Value)[] fields)
    {
        using var response = await PostAsync(client, $"{Form}/buoc/{step}", fields);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain("ban-nhap", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, (string Key, string Value)[] fields)
    {
        using var form = await client.GetAsync(path.Split('?')[0]);
        Assert.True(form.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)form.StatusCode} {form.Headers.Location}");
        var page = await form.Content.ReadAsStringAsync();
        var token = Antiforgery().Match(page).Groups[1].Value;
        using var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        foreach (var (key, value) in fields)
        {
            content.Add(new StringContent(value, Encoding.UTF8), key);
        }

        return await client.PostAsync(path, content);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();

    [GeneratedRegex("(http://dichvucong\\.test[^\"<\\s]*ban-nhap=[^\"<\\s]+)")]
    private static partial Regex ResumeLink();
}
