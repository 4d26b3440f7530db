using Microsoft.Extensions.DependencyInjection;
using Services.Tests.E2e.Infrastructure;

namespace Services.Tests.E2e.Admissions;

/// <summary>
/// The portal in this process with a clock the test moves: the admissions calendar is a chain of durable timers due at
/// the campaign's dates, and the journey must pass the registration deadline without waiting for it.
/// </summary>
public sealed class AdmissionsPortal : InProcessPortal
{
    public ShiftedClock Clock { get; } = new();

    protected override void AddServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
}

/// <summary>
/// Real time plus a shift the test sets. Time keeps running (the second factor's codes and the browser's cookies see a
/// live clock), while the business calendar can jump days ahead and come back for the next case.
/// </summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _shiftTicks;

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow.AddTicks(Interlocked.Read(ref _shiftTicks));

    /// <summary>Moves the clock to <paramref name="at"/> (it runs on from there).</summary>
    public void MoveTo(DateTimeOffset at) => Interlocked.Add(ref _shiftTicks, (at - GetUtcNow()).Ticks);

    public void Reset() => Interlocked.Exchange(ref _shiftTicks, 0);
}
