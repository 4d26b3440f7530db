namespace Services.Workflows.Runtime;

internal static class PollDelay
{
    /// <summary>Waits between polls; false when the host is stopping.</summary>
    public static async Task<bool> WaitAsync(TimeSpan delay, TimeProvider clock, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, clock, stoppingToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
