using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Services.Tests.Integration.Infrastructure;
using Services.Workflows.Notifications;

namespace Services.Tests.Integration.Security;

/// <summary>Finding 1 (S6): links in e-mails come only from Portal:PublicBaseUrl; forged Host and forwarded headers get nowhere.</summary>
public sealed class PublicAddressTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string Parent = "phuhuynh@demo.edu.vn";

    [Fact]
    public async Task AForgedHostHeaderIsRefusedBeforeAnyPageRuns()
    {
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/tai-khoan/quen-mat-khau");
        request.Headers.Host = "evil.example";
        using var response = await portal.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task TheResetLinkPointsAtThePublicAddressWhateverTheForwardedHostSays()
    {
        var mail = new CapturedMail();
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString, replaceServices: s => s.AddSingleton<IMailSender>(mail));
        await portal.SeedDemoCityAsync();
        using var visitor = new Visitor(portal);

        using var response = await visitor.PostFormAsync("/tai-khoan/quen-mat-khau", new Dictionary<string, string> { ["Input.Email"] = Parent },
            decorate: r =>
            {
                r.Headers.Add("X-Forwarded-Host", "evil.example");
                r.Headers.Add("X-Forwarded-Proto", "https");
                r.Headers.Add("X-Forwarded-For", "203.0.113.9");
            });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(mail.To(Parent));
        Assert.Contains($"{RunningPortal.PublicBaseUrl}/tai-khoan/dat-lai-mat-khau?userId=", sent.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", sent.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", sent.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ForwardedHeadersAreHonouredOnlyFromAConfiguredProxy(bool loopbackListed)
    {
        // Loopback is not trusted by default: a forged X-Forwarded-Proto does not make the request HTTPS, which shows
        // in the session cookie (Secure only over HTTPS when the public address is http). Listed, it is believed.
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString,
            loopbackListed ? new Dictionary<string, string?> { ["Portal:TrustedProxies:0"] = "127.0.0.1" } : null);
        await portal.SeedDemoCityAsync();
        using var visitor = new Visitor(portal);
        using var response = await visitor.PostFormAsync("/tai-khoan/dang-nhap",
            new Dictionary<string, string> { ["Input.Email"] = Parent, ["Input.Password"] = Visitor.Setup.DemoPassword },
            decorate: r =>
            {
                r.Headers.Add("X-Forwarded-Proto", "https");
                r.Headers.Add("X-Forwarded-For", "203.0.113.9");
            });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var auth = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("portal.auth=", StringComparison.Ordinal));
        Assert.True(loopbackListed == auth.Contains("; secure", StringComparison.OrdinalIgnoreCase), auth);
    }

    [Fact]
    public async Task OutsideDevelopmentThePortalRefusesToStartWithoutAPublicAddress()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            RunningPortal.StartAsync(database.ConnectionString, new Dictionary<string, string?> { ["Portal:PublicBaseUrl"] = null }));
        Assert.Contains("Portal:PublicBaseUrl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithAnHttpsPublicAddressTheSessionCookieIsSecureEvenWhenTheProxySaysHttp()
    {
        // TLS ends at the proxy; a request it forwards as plain http still gets a Secure session cookie.
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString, new Dictionary<string, string?>
        {
            ["Portal:PublicBaseUrl"] = "https://dichvucong.test",
            ["Portal:TrustedProxies:0"] = "127.0.0.1",
        });
        await portal.SeedDemoCityAsync();
        using var visitor = new Visitor(portal);
        using var response = await visitor.PostFormAsync("/tai-khoan/dang-nhap",
            new Dictionary<string, string> { ["Input.Email"] = Parent, ["Input.Password"] = Visitor.Setup.DemoPassword },
            decorate: r => r.Headers.Add("X-Forwarded-Proto", "http"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var auth = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("portal.auth=", StringComparison.Ordinal));
        Assert.Contains("secure", auth, StringComparison.OrdinalIgnoreCase);
    }
}
