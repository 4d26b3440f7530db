using System.Collections.Concurrent;

namespace Services.Web.Security;

/// <summary>
/// This node's copy of the per-code lookup failure counters of the current windows (ADR 0038), so a lookup checks the
/// lock without a database round trip. PostgreSQL stays the truth: <see cref="LookupFailureListener"/> fills the copy
/// from <c>throttle_counters</c> and keeps it current from the notifications every node's failures send; while it is
/// not <see cref="IsLive"/>, <see cref="LookupGuard"/> reads the counter from the database as before.
/// </summary>
public sealed class LookupFailureMirror(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);

    /// <summary>Until when (<see cref="Environment.TickCount64"/>, real time) the listener vouches for the copy; 0 when it does not.</summary>
    private long _liveUntil;

    /// <summary>True while the listener is connected and has loaded the counters since it last (re)connected.</summary>
    public bool IsLive => Environment.TickCount64 < Volatile.Read(ref _liveUntil);

    /// <summary>How many counters the copy holds (expired ones until they are dropped).</summary>
    public int Count => _counters.Count;

    /// <summary>The listener vouches for the copy for <paramref name="lease"/> more: it must renew before then or lookups fall back.</summary>
    public void Renew(TimeSpan lease) => Volatile.Write(ref _liveUntil, Environment.TickCount64 + (long)lease.TotalMilliseconds);

    /// <summary>The listener lost its connection (or has not loaded yet): lookups read the database.</summary>
    public void MarkDown() => Volatile.Write(ref _liveUntil, 0);

    /// <summary>Forgets every counter; only while down, before a (re)load.</summary>
    public void Clear() => _counters.Clear();

    /// <summary>
    /// Merges one observed counter: a later window replaces the known one, the same window keeps the higher count (a
    /// notification may arrive after a newer one, or after the load that already saw it), an earlier window is ignored.
    /// </summary>
    public void Apply(string key, int hits, DateTimeOffset windowEndsAt)
    {
        var seen = new Counter(hits, windowEndsAt);
        _counters.AddOrUpdate(key, seen, (_, known) => Merge(known, seen));
    }

    /// <summary>The counter of <paramref name="key"/> in its current window (zero when none or ended), like <see cref="RequestThrottle.PeekAsync"/>.</summary>
    public ThrottleCount CountOf(ThrottleRule rule, string key)
    {
        var now = clock.GetUtcNow();
        if (_counters.TryGetValue(key, out var counter))
        {
            if (counter.WindowEndsAt > now)
            {
                return new ThrottleCount(counter.Hits, counter.WindowEndsAt, rule);
            }

            // Only this value: a newer window merged meanwhile stays.
            _counters.TryRemove(new KeyValuePair<string, Counter>(key, counter));
        }

        return new ThrottleCount(0, now, rule);
    }

    /// <summary>Drops the counters whose window has ended, so memory holds only the failures of current windows.</summary>
    public void DropExpired()
    {
        var now = clock.GetUtcNow();
        foreach (var entry in _counters)
        {
            if (entry.Value.WindowEndsAt <= now)
            {
                _counters.TryRemove(entry);
            }
        }
    }

    private static Counter Merge(Counter known, Counter seen) =>
        seen.WindowEndsAt > known.WindowEndsAt ? seen
        : seen.WindowEndsAt < known.WindowEndsAt ? known
        : known with { Hits = Math.Max(known.Hits, seen.Hits) };

    private readonly record struct Counter(int Hits, DateTimeOffset WindowEndsAt);
}
