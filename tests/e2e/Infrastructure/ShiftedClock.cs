namespace Services.Tests.E2e.Infrastructure;

/// <summary>
/// The real clock moved forward by what a test asks: a browser test runs in real time (sign-in codes, cookies), yet a
/// deadline can be made to pass without waiting for it. Unshifted it is the system clock.
/// </summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _shiftTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _shiftTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _shiftTicks, by.Ticks);

    /// <summary>Moves the clock to <paramref name="at"/> (it runs on from there).</summary>
    public void MoveTo(DateTimeOffset at) => Interlocked.Add(ref _shiftTicks, (at - GetUtcNow()).Ticks);

    /// <summary>Back to the real time, for the next case.</summary>
    public void Reset() => Interlocked.Exchange(ref _shiftTicks, 0);
}
