namespace Services.Web.Units;

/// <summary>
/// Loads the unit tree (and with it the EF model and the first pooled connections) while Kestrel starts, so the first
/// visitor does not pay for it (P9: first page within 3 s of starting). A failure only means the first request retries.
/// </summary>
internal sealed class UnitDirectoryWarmUp(UnitDirectory units, ILogger<UnitDirectoryWarmUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await units.RootAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Warm-up could not load the unit tree; the first request will try again");
        }
    }
}
