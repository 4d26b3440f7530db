using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Services.Tests.Integration.Infrastructure;

namespace Services.Tests.Integration.Web;

/// <summary>Health probes, correlation ids, JSON-lines logs and behaviour while the database is unreachable.</summary>
public sealed class OperationsTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task ProbesReportLiveAndReadyWhenTheDatabaseAnswers()
    {
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString);
        Assert.Equal(HttpStatusCode.OK, (await portal.Client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await portal.Client.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task RequestsCarryACorrelationIdIntoTheResponseAndTheJsonLog()
    {
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.Add("X-Correlation-Id", "test-correlation-0001");
        using var response = await portal.Client.SendAsync(request);
        Assert.Equal("test-correlation-0001", response.Headers.GetValues("X-Correlation-Id").Single());

        using var generated = await portal.Client.GetAsync("/readyz");
        Assert.Matches("^[0-9a-f]{32}$", generated.Headers.GetValues("X-Correlation-Id").Single());

        var logLine = await WaitForLogLineAsync(portal.DataPath, "test-correlation-0001");
        using var json = JsonDocument.Parse(logLine);
        Assert.Equal("test-correlation-0001", json.RootElement.GetProperty("Properties").GetProperty("CorrelationId").GetString());
        Assert.Equal(200, json.RootElement.GetProperty("Properties").GetProperty("StatusCode").GetInt32());
    }

    [Fact]
    public async Task AnUnreachableDatabaseGivesAVietnamese503PageAndNotReady()
    {
        // Port 9 (discard) refuses connections on loopback: the database is "down" from the start.
        await using var portal = await RunningPortal.StartAsync("Host=127.0.0.1;Port=9;Database=portal;Username=postgres;Timeout=2");
        using var page = await portal.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Hệ thống tạm thời gián đoạn", html, StringComparison.Ordinal);
        Assert.Contains("lang=\"vi\"", html, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await portal.Client.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await portal.Client.GetAsync("/healthz")).StatusCode);
    }

    private static async Task<string> WaitForLogLineAsync(string dataPath, string needle)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var logs = Path.Combine(dataPath, "logs");
            if (Directory.Exists(logs))
            {
                foreach (var file in Directory.GetFiles(logs, "portal-*.json"))
                {
                    await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                    using var reader = new StreamReader(stream);
                    while (await reader.ReadLineAsync() is { } line)
                    {
                        if (line.Contains(needle, StringComparison.Ordinal) && line.Contains("\"StatusCode\"", StringComparison.Ordinal))
                        {
                            return line;
                        }
                    }
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No request log line with {needle} in {dataPath}/logs within 10 s.");
    }
}
