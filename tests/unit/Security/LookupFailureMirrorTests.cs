using Services.Tests.Samples;
using Services.Web.Security;

namespace Services.Tests.Unit.Security;

/// <summary>ADR 0038: the per-node copy of the per-code failure counters merges what it hears and forgets ended windows.</summary>
public sealed class LookupFailureMirrorTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 8, 0, 0, TimeSpan.FromHours(7));
    private static readonly ThrottleRule Rule = ThrottleRules.LookupFailuresPerCode;
    private const string Key = "lookup-code:DOSSIER:HS-2026-000123";

    [Fact]
    public void TheSameWindowKeepsTheHigherCountWhateverOrderTheCountsArriveIn()
    {
        var mirror = new LookupFailureMirror(new ManualClock(Start));
        var ends = Start.AddHours(24);

        mirror.Apply(Key, 5, ends);
        mirror.Apply(Key, 3, ends); // an older notification arriving after the load that saw 5
        Assert.Equal(5, mirror.CountOf(Rule, Key).Hits);

        mirror.Apply(Key, 6, ends);
        Assert.Equal(6, mirror.CountOf(Rule, Key).Hits);
        Assert.Equal(ends, mirror.CountOf(Rule, Key).WindowEndsAt);
    }

    [Fact]
    public void ALaterWindowReplacesTheCountAndAnEarlierOneIsIgnored()
    {
        var mirror = new LookupFailureMirror(new ManualClock(Start));
        mirror.Apply(Key, 9, Start.AddHours(1));

        mirror.Apply(Key, 1, Start.AddHours(25));
        Assert.Equal((1, Start.AddHours(25)), (mirror.CountOf(Rule, Key).Hits, mirror.CountOf(Rule, Key).WindowEndsAt));

        mirror.Apply(Key, 10, Start.AddHours(1));
        Assert.Equal((1, Start.AddHours(25)), (mirror.CountOf(Rule, Key).Hits, mirror.CountOf(Rule, Key).WindowEndsAt));
    }

    [Fact]
    public void AnEndedWindowCountsZeroAndIsForgotten()
    {
        var clock = new ManualClock(Start);
        var mirror = new LookupFailureMirror(clock);
        mirror.Apply(Key, 10, Start.AddMinutes(30));
        mirror.Apply("lookup-code:RESULT:012345", 2, Start.AddHours(2));
        Assert.Equal(10, mirror.CountOf(Rule, Key).Hits);

        clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(0, mirror.CountOf(Rule, Key).Hits);
        Assert.Equal(1, mirror.Count);

        clock.Advance(TimeSpan.FromHours(2));
        mirror.DropExpired();
        Assert.Equal(0, mirror.Count);
    }

    [Fact]
    public void TheMirrorIsLiveOnlyWhileTheListenerVouchesForIt()
    {
        var mirror = new LookupFailureMirror(new ManualClock(Start));
        Assert.False(mirror.IsLive);

        mirror.Renew(TimeSpan.FromMinutes(1));
        Assert.True(mirror.IsLive);

        mirror.MarkDown();
        Assert.False(mirror.IsLive);

        mirror.Renew(TimeSpan.Zero);
        Assert.False(mirror.IsLive);
    }

    [Theory]
    [InlineData("lookup-code:DOSSIER:HS-1|7|1796547600000000", "lookup-code:DOSSIER:HS-1", 7, 1796547600000000)]
    [InlineData("lookup-code:DOSSIER:A|B||3|1796547600000001", "lookup-code:DOSSIER:A|B|", 3, 1796547600000001)]
    public void AnAnnouncementIsReadFromItsLastTwoFields(string payload, string key, int hits, long micros)
    {
        Assert.True(RequestThrottle.ParseAnnouncement(payload, out var readKey, out var readHits, out var windowEndsAt));
        Assert.Equal((key, hits, DateTimeOffset.UnixEpoch.AddTicks(micros * 10)), (readKey, readHits, windowEndsAt));
    }

    [Theory]
    [InlineData("")]
    [InlineData("lookup-code:X|7")]
    [InlineData("|7|1796547600000000")]
    [InlineData("lookup-code:X|seven|1796547600000000")]
    [InlineData("lookup-code:X|7|-5")]
    public void AMalformedAnnouncementIsRefused(string payload) =>
        Assert.False(RequestThrottle.ParseAnnouncement(payload, out _, out _, out _));
}
