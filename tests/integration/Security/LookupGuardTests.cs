using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Services.Data;
using Services.Tests.Integration.Infrastructure;
using Services.Web.Setup;
using Services.Workflows.Dossiers;
using Services.Workflows.GenericForms;
using Services.Workflows.Notifications;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Security;

/// <summary>
/// Finding 2 (S3): the status lookup's second factor cannot be brute-forced — not by rotating X-Forwarded-For, not
/// from many clients at once — and a plain GET of the form costs nothing.
/// </summary>
public sealed class LookupGuardTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task PlainGetsOfTheFormDoNotCount()
    {
        await using var portal = await StartAsync(Limits(perClient: 3, perCode: 100));
        await portal.SeedDemoCityAsync();
        using var visitor = new Visitor(portal);
        for (var i = 0; i < 6; i++)
        {
            using var response = await visitor.GetAsync("/tra-cuu-ho-so");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task RotatingXForwardedForDoesNotEscapeThePerClientLimit()
    {
        await using var portal = await StartAsync(Limits(perClient: 3, perCode: 100));
        await portal.SeedDemoCityAsync();
        using var visitor = new Visitor(portal);
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 5; i++)
        {
            last?.Dispose();
            last = await LookUpAsync(visitor, $"HS-{i:D4}", "2000-01-01", forwardedFor: $"203.0.113.{i + 1}");
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        var html = await last!.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"vi\">", html, StringComparison.Ordinal);
        Assert.Contains("Quá nhiều yêu cầu", html, StringComparison.Ordinal);
        Assert.True(int.Parse(Assert.Single(last.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 60);
        last.Dispose();
    }

    [Fact]
    public async Task WrongDatesOfBirthLockTheCodeForEveryClientAndTellTheOwner()
    {
        var mail = new CapturedMail();
        await using var portal = await StartAsync(
            new Dictionary<string, string?>(Limits(perClient: 100, perCode: 4)) { ["Portal:TrustedProxies:0"] = "127.0.0.1" },
            replaceServices: s => s.AddSingleton<IMailSender>(mail));
        await portal.SeedDemoCityAsync();
        var code = await SubmitDossierAsync(portal, "me.hocsinh@example.vn");

        // Many clients (a botnet), each trying a date of birth or two.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var visitor = new Visitor(portal);
            using var response = await LookUpAsync(visitor, code, $"19{50 + i}-01-01", forwardedFor: $"198.51.100.{i + 1}");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.NotFound, 4).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 2)), statuses);
        // Locked means locked: even the right date of birth is refused until the window ends.
        using (var owner = new Visitor(portal))
        using (var right = await LookUpAsync(owner, code, "1988-04-12", forwardedFor: "192.0.2.50"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        }

        var told = Assert.Single(mail.To("me.hocsinh@example.vn"), m => m.Subject.Contains("khóa", StringComparison.Ordinal));
        Assert.Contains(code, told.TextBody, StringComparison.Ordinal);
        Assert.Contains("tạm thời bị khóa", told.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRightFactorsStillWorkBeforeTheLimit()
    {
        await using var portal = await StartAsync(Limits(perClient: 100, perCode: 4));
        await portal.SeedDemoCityAsync();
        var code = await SubmitDossierAsync(portal, null);
        using var visitor = new Visitor(portal);
        using (var wrong = await LookUpAsync(visitor, code, "1990-01-01"))
        {
            Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        }

        using var right = await LookUpAsync(visitor, code, "1988-04-12");
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains(code, await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Limits(int perClient, int perCode) => new()
    {
        ["Portal:Limits:lookup-client:Limit"] = perClient.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Portal:Limits:lookup-code:Limit"] = perCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static Task<HttpResponseMessage> LookUpAsync(Visitor visitor, string code, string dateOfBirth, string? forwardedFor = null) =>
        visitor.PostFormAsync("/tra-cuu-ho-so", new Dictionary<string, string> { ["ma"] = code, ["ngay-sinh"] = dateOfBirth },
            decorate: r =>
            {
                if (forwardedFor is not null)
                {
                    r.Headers.Add("X-Forwarded-For", forwardedFor);
                }
            });

    private static async Task<string> SubmitDossierAsync(RunningPortal portal, string? email) =>
        (await LeaveApplication.SubmitAsync(portal.Services, "th-nguyen-binh-khiem",
            email is null ? null : new Dictionary<string, string> { [FormJourney.ApplicantEmail] = email },
            RunningPortal.PublicBaseUrl + "/tra-cuu-ho-so")).Code;

    /// <summary>The tests of this class share a database; each starts with no counted attempts.</summary>
    private async Task<RunningPortal> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? replaceServices = null)
    {
        await using (var clear = database.DataSource.CreateCommand("DELETE FROM throttle_counters"))
        {
            await clear.ExecuteNonQueryAsync();
        }

        return await RunningPortal.StartAsync(database.ConnectionString, settings, replaceServices: replaceServices);
    }
}
