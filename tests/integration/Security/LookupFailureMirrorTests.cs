using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Integration.Workflows;
using Services.Tests.Processes;
using Services.Web.Security;

namespace Services.Tests.Integration.Security;

/// <summary>
/// ADR 0038: each node checks the per-code failure lock in its own mirror, kept by LISTEN/NOTIFY; the lock recorded
/// on one node holds on the others, and whenever the mirror is not live the database answers instead.
/// </summary>
public sealed partial class LookupFailureMirrorTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string RightDateOfBirth = "1988-04-12";
    private static readonly ThrottleRule PerCode = ThrottleRules.LookupFailuresPerCode with { Limit = 3 };

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Portal:Limits:lookup-code:Limit"] = "3",
        ["Portal:Limits:lookup-client:Limit"] = "100",
        // Loopback is not counted per client, so a refused lookup has nothing else to write (the benchmark's setting).
        ["Portal:Limits:lookup-client:ExemptAddresses"] = "127.0.0.1",
    };

    [Fact]
    public async Task ALockRecordedThroughOneNodeRefusesTheRightAnswerOnAnotherFromItsMirror()
    {
        var code = await SubmitDossierAsync();
        using var dataA = new TempDirectory();
        using var dataB = new TempDirectory();
        var a = new Uri($"http://127.0.0.1:{WebProcess.FreePort()}");
        var b = new Uri($"http://127.0.0.1:{WebProcess.FreePort()}");
        await using var nodeA = await AppProcess.StartAsync(database.ConnectionString, dataA.Path, Settings, a);
        await using var nodeB = await AppProcess.StartAsync(database.ConnectionString, dataB.Path, Settings, b);
        await EventuallyAsync(() => Task.FromResult(nodeB.LogLinesContaining("Lookup failure mirror is live") > 0), TimeSpan.FromSeconds(30));
        Assert.True(nodeB.LogLinesContaining("Lookup failure mirror is live") > 0, nodeB.LogTail());

        Assert.Equal(HttpStatusCode.OK, await LookUpAsync(b, code, RightDateOfBirth));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, await LookUpAsync(a, code, $"19{50 + i}-01-01"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await LookUpAsync(a, code, RightDateOfBirth));
        // B hears of the lock (a right answer is never counted, so asking until it is refused adds nothing).
        await EventuallyAsync(async () => await LookUpAsync(b, code, RightDateOfBirth) == HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.TooManyRequests, await LookUpAsync(b, code, RightDateOfBirth));

        // Remove the counter from the database behind the nodes' backs (no notification): a lookup that read the
        // database would now answer; B still refuses, so its answer came from its mirror, not from a round trip.
        Assert.Equal(1, await ExecuteAsync("DELETE FROM throttle_counters WHERE key = $1", Key(code)));
        Assert.Equal(0, (await new RequestThrottle(database.DataSource, TimeProvider.System).PeekAsync(PerCode, $"dossier:{code}", CancellationToken.None)).Hits);
        Assert.Equal(HttpStatusCode.TooManyRequests, await LookUpAsync(b, code, RightDateOfBirth));
    }

    [Fact]
    public async Task WhileTheListenerIsCutOffTheDatabaseGuardsAndTheMirrorComesBackByItself()
    {
        var code = await SubmitDossierAsync();
        // Long enough between reconnections for the lookup below to run while the listener is down.
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString,
            new Dictionary<string, string?>(Settings) { ["Portal:LookupFailures:RetryDelay"] = "00:00:04" });
        var mirror = portal.Services.GetRequiredService<LookupFailureMirror>();
        await EventuallyAsync(() => Task.FromResult(mirror.IsLive), TimeSpan.FromSeconds(30));
        Assert.True(mirror.IsLive);

        // A real fault: the database ends the listener's session (and those left idle in the pools of this class's
        // stopped seeding nodes, which nobody uses).
        Assert.InRange(await ExecuteAsync(
            $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '{LookupFailureListener.ApplicationName}' AND datname = current_database()"), 1, 3);
        await EventuallyAsync(() => Task.FromResult(!mirror.IsLive), TimeSpan.FromSeconds(5));
        Assert.False(mirror.IsLive);

        // Failures counted meanwhile by another node: their notifications reach no listener here.
        await ExecuteAsync("INSERT INTO throttle_counters (key, hits, window_ends_at) VALUES ($1, 3, now() + interval '1 hour')", Key(code));
        var (whileDown, downTrips) = await RoundTrips.CountAsync(() => BeforeAsync(portal, code));
        Assert.Equal(StatusCodes.Status429TooManyRequests, Assert.IsType<StatusCodeResult>(whileDown).StatusCode);
        Assert.Equal(1, downTrips);

        await EventuallyAsync(() => Task.FromResult(mirror.IsLive), TimeSpan.FromSeconds(30));
        Assert.True(mirror.IsLive);
        Assert.Equal(3, mirror.CountOf(PerCode, Key(code)).Hits);
        var (whileLive, liveTrips) = await RoundTrips.CountAsync(() => BeforeAsync(portal, code));
        Assert.Equal(StatusCodes.Status429TooManyRequests, Assert.IsType<StatusCodeResult>(whileLive).StatusCode);
        Assert.Equal(0, liveTrips);
        Assert.Equal(HttpStatusCode.TooManyRequests, await LookUpAsync(portal.Client.BaseAddress!, code, RightDateOfBirth));
    }

    [Fact]
    public async Task AFailureIsOneStatementSeenByThisNodesMirrorAndALookupCostsOnlyItsClientsCount()
    {
        var code = await SubmitDossierAsync();
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString, Settings);
        var mirror = portal.Services.GetRequiredService<LookupFailureMirror>();
        await EventuallyAsync(() => Task.FromResult(mirror.IsLive), TimeSpan.FromSeconds(30));
        Assert.True(mirror.IsLive);

        await using var scope = portal.Services.CreateAsyncScope();
        var guard = scope.ServiceProvider.GetRequiredService<LookupGuard>();
        var (_, failTrips) = await RoundTrips.CountAsync(async () =>
        {
            await guard.FailedAsync("dossier", code, null, CancellationToken.None);
            return mirror.CountOf(PerCode, Key(code)).Hits;
        });
        Assert.Equal(1, failTrips);
        Assert.Equal(1, mirror.CountOf(PerCode, Key(code)).Hits);

        // A client that is counted still costs its own upsert; the lock itself costs nothing.
        var (answer, trips) = await RoundTrips.CountAsync(() => BeforeAsync(portal, code, from: "203.0.113.9"));
        Assert.Null(answer);
        Assert.Equal(1, trips);
    }

    [Fact]
    public async Task OnlyACountThatChangesAnAnswerIsAnnouncedToTheOtherNodes()
    {
        var code = await SubmitDossierAsync();
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString, Settings);
        await using var listener = await database.DataSource.OpenConnectionAsync();
        var heard = new System.Collections.Concurrent.ConcurrentQueue<string>();
        listener.Notification += (_, e) => heard.Enqueue(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {LookupFailureListener.Channel}", listener))
        {
            await listen.ExecuteNonQueryAsync();
        }

        await using var scope = portal.Services.CreateAsyncScope();
        var guard = scope.ServiceProvider.GetRequiredService<LookupGuard>();
        // The first failures neither slow nor lock (the limit here is 3, the slow-down from LookupSlowAfter = 3): kept
        // in the database and this node's mirror only; the one that locks is announced.
        for (var failure = 1; failure <= 3; failure++)
        {
            await guard.FailedAsync("dossier", code, null, CancellationToken.None);
        }

        while (await listener.WaitAsync(TimeSpan.FromSeconds(2)))
        {
        }

        var payloads = heard.Where(p => p.StartsWith(Key(code) + "|", StringComparison.Ordinal)).ToList();
        Assert.Single(payloads);
        Assert.True(RequestThrottle.ParseAnnouncement(payloads[0], out _, out var hits, out _));
        Assert.Equal(3, hits);
    }

    private static string Key(string code) => RequestThrottle.Key(PerCode, $"dossier:{code}");

    private static async Task<IActionResult?> BeforeAsync(RunningPortal portal, string code, string from = "127.0.0.1")
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Connection.RemoteIpAddress = IPAddress.Parse(from);
        return await scope.ServiceProvider.GetRequiredService<LookupGuard>().BeforeAsync(context, "dossier", code, CancellationToken.None);
    }

    /// <summary>Seeds the demo city and submits one dossier (date of birth <see cref="RightDateOfBirth"/>) through an in-process node; no counted attempts remain.</summary>
    private async Task<string> SubmitDossierAsync()
    {
        string code;
        await using (var seeding = await RunningPortal.StartAsync(database.ConnectionString))
        {
            await seeding.SeedDemoCityAsync();
            code = (await LeaveApplication.SubmitAsync(seeding.Services, "th-nguyen-binh-khiem", null, RunningPortal.PublicBaseUrl + "/tra-cuu-ho-so")).Code;
        }

        await ExecuteAsync("DELETE FROM throttle_counters");
        return code;
    }

    /// <summary>The status lookup as a visitor sends it to <paramref name="node"/>: the form for its token, then the post.</summary>
    private static async Task<HttpStatusCode> LookUpAsync(Uri node, string code, string dateOfBirth)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = node };
        var token = TokenPattern().Match(await http.GetStringAsync(new Uri("/tra-cuu-ho-so", UriKind.Relative))).Groups[1].Value;
        Assert.NotEmpty(token);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["ma"] = code, ["ngay-sinh"] = dateOfBirth, ["__RequestVerificationToken"] = token });
        using var response = await http.PostAsync(new Uri("/tra-cuu-ho-so", UriKind.Relative), form);
        return response.StatusCode;
    }

    private async Task<int> ExecuteAsync(string sql, params object[] values)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return sql.StartsWith("SELECT", StringComparison.Ordinal) ? (int)(long)(await command.ExecuteScalarAsync())! : await command.ExecuteNonQueryAsync();
    }

    /// <summary>Waits until <paramref name="done"/> holds or the time is up; the caller asserts afterwards.</summary>
    private static async Task EventuallyAsync(Func<Task<bool>> done, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await done() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
