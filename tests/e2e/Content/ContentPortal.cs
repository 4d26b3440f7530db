using Microsoft.Extensions.DependencyInjection;
using Services.Tests.E2e.Infrastructure;
using Services.Workflows.Runtime;

namespace Services.Tests.E2e.Content;

/// <summary>The in-process portal (its clock moved by the tests), able to fire the timers the moved clock made due.</summary>
public sealed class ContentPortal : InProcessPortal
{
    /// <summary>Fires every timer the clock has made due (publication at a set time, the publishing step).</summary>
    public async Task FireDueTimersAsync()
    {
        var timers = Services.GetRequiredService<TimerWorker>();
        while (await timers.RunOnceAsync(CancellationToken.None) > 0)
        {
        }
    }
}
