namespace Services.Workflows.Runtime;

/// <summary>
/// Vietnamese working days: Monday to Friday except official days off, plus make-up Saturdays. Processing time starts
/// the working day after receipt and ends at the close of office hours (17:00, UTC+7) of the last working day.
/// </summary>
public sealed class WorkingCalendar(IReadOnlyDictionary<DateOnly, bool> exceptions)
{
    /// <summary>Viet Nam has no daylight saving time, so a fixed offset is exact and needs no time zone database.</summary>
    public static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    public static readonly TimeOnly OfficeOpens = new(8, 0);
    public static readonly TimeOnly OfficeCloses = new(17, 0);

    public static WorkingCalendar WeekendsOnly { get; } = new(new Dictionary<DateOnly, bool>());

    public bool IsWorkingDay(DateOnly day) =>
        exceptions.TryGetValue(day, out var working) ? working : day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    /// <summary>The <paramref name="days"/>-th working day after <paramref name="start"/> (negative: before it).</summary>
    public DateOnly AddWorkingDays(DateOnly start, int days)
    {
        var step = days >= 0 ? 1 : -1;
        var day = start;
        for (var remaining = Math.Abs(days); remaining > 0;)
        {
            day = day.AddDays(step);
            if (IsWorkingDay(day))
            {
                remaining--;
            }
        }

        return day;
    }

    /// <summary>Working days after <paramref name="from"/> up to and including <paramref name="to"/> (0 when <paramref name="to"/> is not later).</summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
        {
            if (IsWorkingDay(day))
            {
                count++;
            }
        }

        return count;
    }

    public static DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(VietnamOffset).DateTime);

    public static DateTimeOffset At(DateOnly day, TimeOnly time) =>
        new DateTimeOffset(day.ToDateTime(time), VietnamOffset).ToUniversalTime();

    /// <summary>When a step received at <paramref name="received"/> with a legal time of <paramref name="workingDays"/> falls due.</summary>
    public DateTimeOffset DueAt(DateTimeOffset received, int workingDays) =>
        At(AddWorkingDays(LocalDate(received), workingDays), OfficeCloses);

    /// <summary>08:00 on the working day <paramref name="workingDaysBefore"/> working days before the due day.</summary>
    public DateTimeOffset ReminderAt(DateTimeOffset due, int workingDaysBefore) =>
        At(AddWorkingDays(LocalDate(due), -workingDaysBefore), OfficeOpens);
}
