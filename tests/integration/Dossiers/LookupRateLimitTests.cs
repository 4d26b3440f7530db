using System.Net;
using System.Text.RegularExpressions;
using Services.Tests.Integration.Infrastructure;

namespace Services.Tests.Integration.Dossiers;

/// <summary>S3: the dossier lookup is rate-limited per client, with the Vietnamese "too many requests" page.</summary>
public sealed partial class LookupRateLimitTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task TheLookupRefusesAClientThatAsksTooOftenWithA429Page()
    {
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString, new Dictionary<string, string?> { ["Portal:LookupsPerMinute"] = "3" });
        await portal.SeedDemoCityAsync();
        var client = portal.NewClient();
        var statuses = new List<HttpStatusCode>();
        string lastHtml = "";
        for (var i = 0; i < 5; i++)
        {
            using var response = await client.GetAsync("/tra-cuu-ho-so");
            statuses.Add(response.StatusCode);
            lastHtml = await response.Content.ReadAsStringAsync();
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Contains("Quá nhiều yêu cầu", lastHtml, StringComparison.Ordinal);
        Assert.Matches(LangVi(), lastHtml);
    }

    [GeneratedRegex("<html lang=\"vi\">")]
    private static partial Regex LangVi();
}
