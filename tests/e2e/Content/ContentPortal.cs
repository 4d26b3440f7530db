using Microsoft.Extensions.DependencyInjection;
using Services.Tests.E2e.Infrastructure;
using Services.Tests.Samples;
using Services.Workflows.Runtime;

namespace Services.Tests.E2e.Content;

/// <summary>
/// The in-process portal on a clock the test moves. It starts at the real time only because sign-in codes are made
/// from the real time; what the tests assert depends on the clock's moves, never on the date.
/// </summary>
public sealed class ContentPortal : InProcessPortal
{
    public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ReplaceServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);

    /// <summary>Brings the clock up to the real time before a sign-in, whose one-time code the test makes from the real time.</summary>
    public void CatchUpForSignIn()
    {
        var behind = DateTimeOffset.UtcNow - Clock.GetUtcNow();
        if (behind > TimeSpan.Zero)
        {
            Clock.Advance(behind);
        }
    }

    /// <summary>Fires every timer the clock has made due (publication at a set time, the publishing step).</summary>
    public async Task FireDueTimersAsync()
    {
        var timers = Services.GetRequiredService<TimerWorker>();
        while (await timers.RunOnceAsync(CancellationToken.None) > 0)
        {
        }
    }
}
