using System.Net;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Integration.Security;

namespace Services.Tests.Integration.Web;

/// <summary>
/// No link leads nowhere: for each role of the demo city, every same-site link the pages show that role is followed
/// (breadth first from the home page and the role's landing page) and must answer — never 404, 403 or a server error.
/// A page that offers a link its own reader may not open is as broken as one that points at nothing.
/// </summary>
public sealed class LinkWalkTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    /// <summary>A bound, far above the few hundred pages a role reaches in the demo city, so a link loop cannot walk forever.</summary>
    private const int PagesPerWalk = 2000;

    /// <summary>Signs a demo account in (staff with their second factor) and returns where the portal sends it.</summary>
    public static async Task<string> SignInAsync(RunningPortal portal, Visitor visitor, string account)
    {
        if (account == "phuhuynh@demo.edu.vn")
        {
            using var citizen = await visitor.SignInAsync(account, Visitor.Setup.DemoPassword);
            Assert.Equal(HttpStatusCode.Redirect, citizen.StatusCode);
            return citizen.Headers.Location!.OriginalString;
        }

        var key = await Visitor.Setup.EnableTwoFactorAsync(portal, account);
        await visitor.SignInAsStaffAsync(account, key);
        return "/can-bo";
    }

    [Theory]
    [InlineData(null)]
    [InlineData("phuhuynh@demo.edu.vn")]
    [InlineData("canbo.nbk@demo.edu.vn")]
    [InlineData("quantri.nbk@demo.edu.vn")]
    [InlineData("bientap.nbk@demo.edu.vn")]
    [InlineData("duyet.nbk@demo.edu.vn")]
    [InlineData("chuyenvien.binhan@demo.edu.vn")]
    [InlineData("thanhtra@demo.edu.vn")]
    [InlineData("quantri@demo.edu.vn")]
    public async Task EveryLinkShownToTheRoleAnswers(string? account)
    {
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString);
        await portal.SeedDemoCityAsync();
        using var visitor = new Visitor(portal);
        var starts = new List<string> { "/", "/en/" };
        if (account is not null)
        {
            starts.Insert(0, await SignInAsync(portal, visitor, account));
        }

        var broken = new List<string>();
        var seen = new HashSet<string>(starts, StringComparer.Ordinal);
        var queue = new Queue<(string Path, string From)>(starts.Select(s => (s, "(start)")));
        var walked = 0;
        while (queue.Count > 0 && walked < PagesPerWalk)
        {
            var (path, from) = queue.Dequeue();
            walked++;
            using var response = await visitor.GetAsync(path);
            var status = (int)response.StatusCode;
            if (status is 404 or 403 or >= 500)
            {
                broken.Add($"{status} {path} (linked from {from})");
                continue;
            }

            if (response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }

            foreach (var link in SiteLinks.Of(await response.Content.ReadAsStringAsync()))
            {
                if (seen.Add(link))
                {
                    queue.Enqueue((link, path));
                }
            }
        }

        Assert.True(walked > 40, $"Only {walked} pages were reachable: the walk did not get past the first pages.");
        Assert.True(queue.Count == 0, $"The walk stopped at {PagesPerWalk} pages with {queue.Count} links left: a link loop, or the bound is too low.");
        Assert.True(broken.Count == 0, $"{broken.Count} broken links for {account ?? "a visitor"}:\n" + string.Join('\n', broken));
    }
}
