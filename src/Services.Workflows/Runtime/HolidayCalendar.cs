using Npgsql;

namespace Services.Workflows.Runtime;

/// <summary>
/// The <see cref="WorkingCalendar"/> built from the <c>holidays</c> table, cached for a few minutes so due dates cost
/// no query; admins' edits take effect after <see cref="Invalidate"/> or the cache period.
/// </summary>
public sealed class HolidayCalendar(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);
    private (WorkingCalendar Calendar, DateTimeOffset LoadedAt)? _cached;

    public async ValueTask<WorkingCalendar> GetAsync(CancellationToken cancellationToken)
    {
        var cached = _cached;
        if (cached is { } c && clock.GetUtcNow() - c.LoadedAt < CacheFor)
        {
            return c.Calendar;
        }

        var exceptions = new Dictionary<DateOnly, bool>();
        await using (var command = dataSource.CreateCommand("SELECT date, is_working_day FROM holidays"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                exceptions[reader.GetFieldValue<DateOnly>(0)] = reader.GetBoolean(1);
            }
        }

        var calendar = new WorkingCalendar(exceptions);
        _cached = (calendar, clock.GetUtcNow());
        return calendar;
    }

    public void Invalidate() => _cached = null;
}
