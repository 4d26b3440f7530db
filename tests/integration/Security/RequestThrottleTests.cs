using Services.Tests.Integration.Infrastructure;
using Services.Web.Security;

namespace Services.Tests.Integration.Security;

/// <summary>
/// The announced counts (failed second factors) written together under a rush: every attempt is counted once, each
/// caller gets the count its own attempt reached (so exactly one caller sees the count that locks), and keys do not mix.
/// </summary>
public sealed class RequestThrottleTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly ThrottleRule Rule = new("test-code", 1000, TimeSpan.FromHours(1));

    [Fact]
    public async Task AttemptsRacingOnOneNodeAreEachCountedOnceAndEachCallerGetsItsOwnCount()
    {
        var throttle = new RequestThrottle(database.DataSource, TimeProvider.System);
        var subject = $"race-{Guid.NewGuid():N}";
        var others = Enumerable.Range(0, 10).Select(i => $"other-{i}-{Guid.NewGuid():N}").ToList();
        using var start = new ManualResetEventSlim();
        var racing = Enumerable.Range(0, 60)
            .Select(i => Task.Run(async () =>
            {
                start.Wait();
                var who = i % 6 == 5 ? others[i / 6] : subject;
                return (who, await throttle.HitAndAnnounceAsync(Rule, who, "test_throttle", announceFrom: 1000, CancellationToken.None));
            }))
            .ToList();
        start.Set();
        var counted = await Task.WhenAll(racing);

        var mine = counted.Where(c => c.who == subject).Select(c => c.Item2.Hits).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 50), mine);
        Assert.All(counted.Where(c => c.who != subject), c => Assert.Equal(1, c.Item2.Hits));
        Assert.Equal(50, (await throttle.PeekAsync(Rule, subject, CancellationToken.None)).Hits);
        foreach (var other in others)
        {
            Assert.Equal(1, (await throttle.PeekAsync(Rule, other, CancellationToken.None)).Hits);
        }

        // Later attempts go on from there, alone.
        Assert.Equal(51, (await throttle.HitAndAnnounceAsync(Rule, subject, "test_throttle", 1000, CancellationToken.None)).Hits);
    }
}
