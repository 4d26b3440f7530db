using System.Collections.Concurrent;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Services.Data;
using Services.Tests.Integration.Admissions;
using Services.Tests.Integration.Workflows;
using Services.Tests.Processes;
using Services.Workflows.Admissions;
using Xunit.Abstractions;

namespace Services.Tests.Integration.Reliability;

/// <summary>
/// R4: PostgreSQL is stopped and started again under a burst of admission applications. The built portal runs as a
/// child process on a cluster of the test's own; while the database is away every request gets the clean Vietnamese
/// 503 page (never an error page or a dropped connection), the portal recovers by itself when the database is back
/// (no restart of the app), every application acknowledged with a tracking code — before, during or after — is
/// stored whole, and no half-written application exists (every admission dossier has its row, instance and task).
/// </summary>
public sealed class PostgresRestartTests(ITestOutputHelper output)
{
    private const int Clients = 6;
    private const int AcknowledgedBeforeOutage = 20;
    private const int AcknowledgedAfterOutage = 20;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task The_portal_answers_503_while_PostgreSQL_is_down_recovers_by_itself_and_loses_or_half_writes_nothing()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        await using (var admin = new NpgsqlConnection(postgres.ConnectionString("postgres")))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE portal", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = postgres.ConnectionString("portal");
        using var data = new TempDirectory();
        var address = new Uri($"http://127.0.0.1:{WebProcess.FreePort()}");
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Portal"] = connectionString, ["Portal:DataPath"] = data.Path, ["Portal:PublicBaseUrl"] = address.ToString().TrimEnd('/'),
            ["Workflows:PollInterval"] = "00:00:00.200",
        };
        await WebProcess.RunVerbAsync("migrate", settings, TimeSpan.FromMinutes(3));
        await WebProcess.RunVerbAsync("seed-demo", settings, TimeSpan.FromMinutes(3));
        // The test's own reads open a fresh connection each time: a pooled one would die with the restart.
        var options = new DbContextOptionsBuilder<PortalDbContext>().UseNpgsql(connectionString + ";Pooling=false").Options;
        PortalDbContext Context() => new(options);
        Guid schoolId;
        await using (var db = Context())
        {
            schoolId = (await db.Units.SingleAsync(u => u.Slug == "th-nguyen-binh-khiem")).Id;
        }

        await using var app = WebProcess.Start(["--urls", address.ToString().TrimEnd('/')], settings);
        await app.WaitUntilReadyAsync(address, TimeSpan.FromSeconds(90));
        await AdmissionForm.WaitForRegistrationAsync(Context, app);

        var acknowledged = new ConcurrentBag<(string PersonalId, string Code, DateTime At)>();
        var outagePages = new ConcurrentBag<string>();
        var failures = new ConcurrentBag<string>();
        var idBase = Random.Shared.Next(100, 999);
        var next = 0;
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            using var http = AdmissionForm.NewClient(address);
            while (!stop.IsCancellationRequested)
            {
                var personalId = $"079{idBase:000}{Interlocked.Increment(ref next):000000}";
                try
                {
                    using var get = await http.GetAsync(new Uri(AdmissionForm.Page, UriKind.Relative));
                    var form = await get.Content.ReadAsStringAsync();
                    if (!Expected(get.StatusCode, form, personalId))
                    {
                        continue;
                    }

                    using var post = await AdmissionForm.PostAsync(http, form, AdmissionForm.Answers(AdmissionForm.KeyOf(form), schoolId, personalId));
                    var html = await post.Content.ReadAsStringAsync();
                    if (Expected(post.StatusCode, html, personalId))
                    {
                        if (AdmissionForm.CodeOf(html) is { } code)
                        {
                            acknowledged.Add((personalId, code, DateTime.UtcNow));
                        }
                        else
                        {
                            failures.Add($"{personalId}: 200 without a tracking code");
                        }
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    // The portal stays up through the outage: a refused or dropped connection is a failure.
                    failures.Add($"{personalId}: {e.GetType().Name} {e.Message}");
                }
            }
        })).ToList();

        bool Expected(HttpStatusCode status, string html, string personalId)
        {
            if (status == HttpStatusCode.OK)
            {
                return true;
            }

            if (status == HttpStatusCode.ServiceUnavailable && html.Contains("Hệ thống tạm thời gián đoạn", StringComparison.Ordinal))
            {
                outagePages.Add(personalId);
            }
            else
            {
                failures.Add($"{personalId}: {(int)status} {html[..Math.Min(html.Length, 300)]}");
            }

            return false;
        }

        try
        {
            await WaitForAsync(() => acknowledged.Count >= AcknowledgedBeforeOutage, "before the outage", app);
            await postgres.StopServerAsync();
            var downAt = DateTime.UtcNow;
            await Task.Delay(Outage);
            var pagesDuringOutage = outagePages.Count;
            await postgres.StartServerAsync();
            var upAt = DateTime.UtcNow;
            output.WriteLine($"PostgreSQL down {(upAt - downAt).TotalSeconds:0.0} s; {pagesDuringOutage} outage pages served meanwhile.");
            Assert.True(pagesDuringOutage > 0, "No request was answered with the 503 page while PostgreSQL was down.");

            // Recovery without restarting the portal: new applications are acknowledged again.
            await WaitForAsync(() => acknowledged.Count(a => a.At > upAt) >= AcknowledgedAfterOutage, "after the outage", app);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(workers).WaitAsync(TimeSpan.FromMinutes(2));
        }

        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(20)) + "\n" + app.LogTail());
        Assert.False(app.HasExited, "The portal process died during the outage.");
        var acks = acknowledged.ToList();
        output.WriteLine($"{acks.Count} applications acknowledged, {outagePages.Count} outage pages, {next} started.");
        Assert.Equal(acks.Count, acks.Select(a => a.Code).Distinct().Count());
        await using (var db = Context())
        {
            await AdmissionForm.AssertStoredAsync(db, acks.Select(a => (a.PersonalId, a.Code)).ToList());

            // Nothing half-written: every admission dossier, acknowledged or not, has its application row, its
            // instance and its task; every instance has its dossier.
            var dossiers = await db.Dossiers.AsNoTracking().Where(d => d.ServiceKey == AdmissionService.ServiceKey).Select(d => new { d.Id, d.TrackingCode }).ToListAsync();
            var applications = await db.AdmissionApplications.AsNoTracking().Select(a => a.DossierId).ToListAsync();
            var instances = await db.WorkflowInstances.AsNoTracking().Where(i => i.DefinitionName == AdmissionApplicationWorkflow.WorkflowName).Select(i => i.Correlation).ToListAsync();
            var tasks = await db.WorkflowTasks.AsNoTracking().Where(t => t.DefinitionName == AdmissionApplicationWorkflow.WorkflowName).Select(t => t.Correlation).ToListAsync();
            Assert.True(dossiers.Count >= acks.Count);
            Assert.Equal(dossiers.Select(d => d.Id).Order(), applications.Order());
            Assert.Equal(dossiers.Select(d => d.TrackingCode).Order(StringComparer.Ordinal), instances.Order(StringComparer.Ordinal));
            Assert.Equal(dossiers.Select(d => d.TrackingCode).Order(StringComparer.Ordinal), tasks.Order(StringComparer.Ordinal));
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, string when, WebProcess app)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Too few applications were acknowledged {when} within 2 minutes:\n{app.LogTail()}");
            await Task.Delay(50);
        }
    }
}
