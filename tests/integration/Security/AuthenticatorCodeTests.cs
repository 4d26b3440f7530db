using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Samples;
using Services.Web.Security;

namespace Services.Tests.Integration.Security;

/// <summary>Finding 5 (S7): an authenticator code is good for its own time step or one either side, and only once.</summary>
public sealed class AuthenticatorCodeTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string Staff = "duyet.nbk@demo.edu.vn";

    [Fact]
    public async Task ACodeIsAcceptedOnceWithinOneStepEitherSideAndNeverAgain()
    {
        // The server's clock stands still in the middle of a step, so "one step away" means exactly that.
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 1, 8, 0, 15, TimeSpan.Zero));
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString, replaceServices: s => s.AddSingleton<TimeProvider>(clock));
        await portal.SeedDemoCityAsync();
        var key = await Visitor.Setup.EnableTwoFactorAsync(portal, Staff);
        var now = clock.GetUtcNow();
        string CodeAt(int steps) => Totp.Code(key, now.AddSeconds(30 * steps));

        using (var first = new Visitor(portal))
        {
            await PasswordAsync(first);
            Assert.Equal(HttpStatusCode.OK, await CodeAsync(first, CodeAt(2)));
            Assert.Equal(HttpStatusCode.OK, await CodeAsync(first, CodeAt(-2)));
            Assert.Equal(HttpStatusCode.Redirect, await CodeAsync(first, CodeAt(-1)));
        }

        using (var replay = new Visitor(portal))
        {
            await PasswordAsync(replay);
            Assert.Equal(HttpStatusCode.OK, await CodeAsync(replay, CodeAt(-1))); // the same code again
            Assert.Equal(HttpStatusCode.Redirect, await CodeAsync(replay, CodeAt(0)));
        }

        using var again = new Visitor(portal);
        await PasswordAsync(again);
        Assert.Equal(HttpStatusCode.OK, await CodeAsync(again, CodeAt(0)));
        Assert.Equal(HttpStatusCode.OK, await CodeAsync(again, CodeAt(-1))); // older than the last one used
        Assert.Equal(HttpStatusCode.Redirect, await CodeAsync(again, CodeAt(1)));
    }

    [Fact]
    public async Task TwoRequestsRacingWithTheSameCodeLetOnlyOneIn()
    {
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString);
        await portal.SeedDemoCityAsync();
        var key = await Visitor.Setup.EnableTwoFactorAsync(portal, "bientap.nbk@demo.edu.vn");
        var visitors = Enumerable.Range(0, 4).Select(_ => new Visitor(portal)).ToList();
        try
        {
            foreach (var visitor in visitors)
            {
                (await visitor.SignInAsync("bientap.nbk@demo.edu.vn", Visitor.Setup.DemoPassword)).Dispose();
            }

            var code = Totp.Code(key, DateTimeOffset.UtcNow);
            var statuses = await Task.WhenAll(visitors.Select(v => CodeAsync(v, code)));
            Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Redirect));
        }
        finally
        {
            visitors.ForEach(v => v.Dispose());
        }
    }

    private static async Task PasswordAsync(Visitor visitor)
    {
        using var response = await visitor.SignInAsync(Staff, Visitor.Setup.DemoPassword);
        Assert.StartsWith("/tai-khoan/xac-thuc-hai-buoc", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    private static async Task<HttpStatusCode> CodeAsync(Visitor visitor, string code)
    {
        using var response = await visitor.PostFormAsync("/tai-khoan/xac-thuc-hai-buoc", new Dictionary<string, string> { ["Input.Code"] = code });
        return response.StatusCode;
    }
}
