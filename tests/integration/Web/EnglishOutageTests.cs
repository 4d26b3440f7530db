using System.Net;
using Services.Tests.Integration.Infrastructure;

namespace Services.Tests.Integration.Web;

/// <summary>R4 for English visitors: with the database away, a page under /en answers a 503 in English that says when to retry.</summary>
public sealed class EnglishOutageTests
{
    [Fact]
    public async Task AnUnreachableDatabaseGivesAnEnglish503UnderEnWithRetryAfter()
    {
        // Port 9 (discard) refuses connections on loopback: the database is "down" from the start.
        await using var portal = await RunningPortal.StartAsync("Host=127.0.0.1;Port=9;Database=portal;Username=postgres;Timeout=2");

        using var english = await portal.Client.GetAsync("/en/");
        using var vietnamese = await portal.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, english.StatusCode);
        var html = await english.Content.ReadAsStringAsync();
        Assert.Contains("lang=\"en\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Hệ thống tạm thời gián đoạn", html, StringComparison.Ordinal);
        Assert.True(english.Headers.RetryAfter?.Delta > TimeSpan.Zero, "the 503 should say when to come back");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, vietnamese.StatusCode);
        Assert.Contains("Hệ thống tạm thời gián đoạn", await vietnamese.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(vietnamese.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }
}
