using System.Collections.Concurrent;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Integration.Workflows;
using Services.Tests.Processes;
using Services.Workflows.Admissions;
using Xunit.Abstractions;

namespace Services.Tests.Integration.Admissions;

/// <summary>
/// R1 for admissions: the built portal runs as a child process with the demo city's open campaign; eight families'
/// clients submit applications at once over HTTP (antiforgery and all) and the process is killed with SIGKILL in the
/// middle of the burst. After a restart, every application that was acknowledged with a tracking code is in the
/// database with its dossier, its admission row, its workflow instance and its verification task; and each one sent
/// again with the same idempotency key gets the same tracking code and creates nothing.
/// </summary>
public sealed class AdmissionCrashTests(TestDatabase database, ITestOutputHelper output) : IClassFixture<TestDatabase>
{
    private const int Clients = 8;
    private const int AcknowledgedBeforeKill = 40;

    [Fact]
    public async Task Killing_the_app_mid_burst_loses_no_acknowledged_application_and_a_resubmission_creates_nothing()
    {
        using var data = new TempDirectory();
        var settings = new Dictionary<string, string?> { ["Workflows:PollInterval"] = "00:00:00.200" };
        var seedSettings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Portal"] = database.ConnectionString, ["Portal:DataPath"] = data.Path, ["Portal:PublicBaseUrl"] = "http://127.0.0.1",
        };
        await WebProcess.RunVerbAsync("seed-demo", seedSettings, TimeSpan.FromMinutes(3));
        Guid schoolId;
        await using (var db = database.CreateContext())
        {
            schoolId = (await db.Units.SingleAsync(u => u.Slug == "th-nguyen-binh-khiem")).Id;
        }

        var acknowledged = new ConcurrentBag<Submission>();
        var failures = new ConcurrentBag<string>();
        var idBase = Random.Shared.Next(100, 999);
        var next = 0;
        var killed = false;
        var (first, address) = await StartAsync(data.Path, settings);
        await using (first)
        {
            await AdmissionForm.WaitForRegistrationAsync(database.CreateContext, first);
            var workers = Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
            {
                using var http = AdmissionForm.NewClient(address);
                // The clients go on sending through the kill; only the errors it causes are expected.
                while (true)
                {
                    var personalId = $"079{idBase:000}{Interlocked.Increment(ref next):000000}";
                    try
                    {
                        var form = await http.GetStringAsync(new Uri(AdmissionForm.Page, UriKind.Relative));
                        var key = AdmissionForm.KeyOf(form);
                        using var response = await AdmissionForm.PostAsync(http, form, AdmissionForm.Answers(key, schoolId, personalId));
                        var html = await response.Content.ReadAsStringAsync();
                        if (response.StatusCode == HttpStatusCode.OK && AdmissionForm.CodeOf(html) is { } code)
                        {
                            acknowledged.Add(new Submission(key, personalId, code));
                        }
                        else if (!Volatile.Read(ref killed))
                        {
                            failures.Add($"{personalId}: {(int)response.StatusCode} without a tracking code");
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                    {
                        if (!Volatile.Read(ref killed))
                        {
                            failures.Add($"{personalId}: {e.GetType().Name} {e.Message}");
                        }

                        return;
                    }
                }
            })).ToList();

            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (acknowledged.Count < AcknowledgedBeforeKill && failures.IsEmpty)
            {
                Assert.True(DateTime.UtcNow < deadline, $"Only {acknowledged.Count} applications were acknowledged in 2 minutes:\n{first.LogTail()}");
                await Task.Delay(20);
            }

            Assert.True(failures.IsEmpty, string.Join("\n", failures) + "\n" + first.LogTail());
            // Mid-burst: the clients are still sending when the process dies, and stop at their first refused connection.
            Volatile.Write(ref killed, true);
            await first.KillAsync();
            await Task.WhenAll(workers).WaitAsync(TimeSpan.FromMinutes(2));
        }

        var acks = acknowledged.ToList();
        output.WriteLine($"{acks.Count} applications acknowledged before the kill; {next} started.");
        Assert.True(next > acks.Count, "Every started submission was acknowledged before the kill: the kill was not mid-burst.");
        Assert.Equal(acks.Count, acks.Select(a => a.Code).Distinct().Count());

        var before = await CountsAsync();
        await AssertStoredAsync(acks);

        var (second, restartedAt) = await StartAsync(data.Path, settings);
        await using (second)
        {
            await AdmissionForm.WaitForRegistrationAsync(database.CreateContext, second);
            using var http = AdmissionForm.NewClient(restartedAt);
            foreach (var ack in acks)
            {
                var form = await http.GetStringAsync(new Uri(AdmissionForm.Page, UriKind.Relative));
                using var again = await AdmissionForm.PostAsync(http, form, AdmissionForm.Answers(ack.Key, schoolId, ack.PersonalId));
                Assert.Equal(HttpStatusCode.OK, again.StatusCode);
                Assert.Equal(ack.Code, AdmissionForm.CodeOf(await again.Content.ReadAsStringAsync()));
            }
        }

        Assert.Equal(before, await CountsAsync());
        await AssertStoredAsync(acks);
    }

    private async Task AssertStoredAsync(List<Submission> acks)
    {
        await using var db = database.CreateContext();
        await AdmissionForm.AssertStoredAsync(db, acks.Select(a => (a.PersonalId, a.Code)).ToList());
    }

    /// <summary>Every row a submission writes, counted over the whole database.</summary>
    private async Task<(int Dossiers, int Applications, int Instances, int Tasks, int Outbox)> CountsAsync()
    {
        await using var db = database.CreateContext();
        return (await db.Dossiers.CountAsync(), await db.AdmissionApplications.CountAsync(),
            await db.WorkflowInstances.CountAsync(i => i.DefinitionName == AdmissionApplicationWorkflow.WorkflowName),
            await db.WorkflowTasks.CountAsync(t => t.DefinitionName == AdmissionApplicationWorkflow.WorkflowName),
            await db.OutboxMessages.CountAsync(m => m.Subject.Contains("hồ sơ tuyển sinh")));
    }

    /// <summary>As <see cref="AppProcess"/> does, keeping the address the clients need.</summary>
    private async Task<(WebProcess App, Uri Address)> StartAsync(string dataPath, Dictionary<string, string?> settings)
    {
        var address = new Uri($"http://127.0.0.1:{WebProcess.FreePort()}");
        var all = new Dictionary<string, string?>(settings)
        {
            ["ConnectionStrings:Portal"] = database.ConnectionString, ["Portal:DataPath"] = dataPath, ["Portal:PublicBaseUrl"] = address.ToString().TrimEnd('/'),
        };
        var app = WebProcess.Start(["--urls", address.ToString().TrimEnd('/')], all);
        try
        {
            await app.WaitUntilReadyAsync(address, TimeSpan.FromSeconds(90));
            return (app, address);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    private sealed record Submission(string Key, string PersonalId, string Code);
}
