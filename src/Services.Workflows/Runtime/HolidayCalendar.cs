using Npgsql;
using Services.Data.Workflows;

namespace Services.Workflows.Runtime;

/// <summary>
/// The <see cref="WorkingCalendar"/> built from the <c>holidays</c> table, cached for a few minutes so due dates cost
/// no query; admins' edits take effect after <see cref="Invalidate"/> or the cache period.
/// </summary>
public sealed class HolidayCalendar(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);
    private volatile Cached? _cached;

    public async ValueTask<WorkingCalendar> GetAsync(CancellationToken cancellationToken)
    {
        if (_cached is { } cached && clock.GetUtcNow() - cached.LoadedAt < CacheFor)
        {
            return cached.Calendar;
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
        _cached = new Cached(calendar, clock.GetUtcNow());
        return calendar;
    }

    /// <summary>Makes the next due date read the table again (other app nodes pick edits up within the cache period).</summary>
    public void Invalidate() => _cached = null;

    public async Task<IReadOnlyList<Holiday>> ListAsync(int year, CancellationToken cancellationToken = default)
    {
        await using var command = Sql.Command(dataSource,
            "SELECT date, name_vi, name_en, is_working_day FROM holidays WHERE date >= $1 AND date < $2 ORDER BY date",
            new DateOnly(year, 1, 1), new DateOnly(year + 1, 1, 1));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var days = new List<Holiday>();
        while (await reader.ReadAsync(cancellationToken))
        {
            days.Add(new Holiday { Date = reader.GetFieldValue<DateOnly>(0), NameVi = reader.GetString(1), NameEn = reader.GetString(2), IsWorkingDay = reader.GetBoolean(3) });
        }

        return days;
    }

    /// <summary>Adds or changes a day off (or a make-up working Saturday), e.g. when the yearly notice is published.</summary>
    public async Task SetAsync(Holiday day, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(day);
        await using var command = Sql.Command(dataSource,
            "INSERT INTO holidays (date, name_vi, name_en, is_working_day) VALUES ($1, $2, $3, $4) " +
            "ON CONFLICT (date) DO UPDATE SET name_vi = excluded.name_vi, name_en = excluded.name_en, is_working_day = excluded.is_working_day",
            day.Date, day.NameVi, day.NameEn, day.IsWorkingDay);
        await command.ExecuteNonQueryAsync(cancellationToken);
        Invalidate();
    }

    private sealed record Cached(WorkingCalendar Calendar, DateTimeOffset LoadedAt);

    public async Task RemoveAsync(DateOnly date, CancellationToken cancellationToken = default)
    {
        await using var command = Sql.Command(dataSource, "DELETE FROM holidays WHERE date = $1", date);
        await command.ExecuteNonQueryAsync(cancellationToken);
        Invalidate();
    }
}
