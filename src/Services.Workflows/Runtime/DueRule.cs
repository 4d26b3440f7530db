using System.Globalization;
using System.Text.Json.Nodes;

namespace Services.Workflows.Runtime;

/// <summary>
/// When a timer falls due, decided as the step is entered: after a duration, at the close of office on the n-th
/// working day (the holiday calendar applies), or at a date the instance's state holds (e.g. a consultation's closing
/// time). Used by timer steps and by step timeouts (<see cref="StepTransitions.WhenDue"/>).
/// </summary>
public abstract record DueRule
{
    public static DueRule After(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(delay, TimeSpan.Zero);
        return new AfterDelay(delay);
    }

    /// <summary>17:00 (UTC+7) on the <paramref name="days"/>-th working day after the step is entered.</summary>
    public static DueRule WorkingDays(int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(days);
        return new AfterWorkingDays(days);
    }

    /// <summary>
    /// The date and time under <paramref name="key"/> in the state (ISO 8601; a date alone means 17:00 UTC+7 that day).
    /// The date is read once, when the step is entered: events that arrive later do not move the timer.
    /// </summary>
    public static DueRule DateInState(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return new StateDate(key);
    }

    internal abstract bool NeedsCalendar { get; }

    /// <param name="calendar">Required when <see cref="NeedsCalendar"/>.</param>
    public abstract DateTimeOffset DueAt(DateTimeOffset entered, JsonObject state, WorkingCalendar? calendar);

    public sealed record AfterDelay(TimeSpan Delay) : DueRule
    {
        internal override bool NeedsCalendar => false;

        public override DateTimeOffset DueAt(DateTimeOffset entered, JsonObject state, WorkingCalendar? calendar) => entered + Delay;
    }

    public sealed record AfterWorkingDays(int Days) : DueRule
    {
        internal override bool NeedsCalendar => true;

        public override DateTimeOffset DueAt(DateTimeOffset entered, JsonObject state, WorkingCalendar? calendar) =>
            (calendar ?? throw new InvalidOperationException("A due time in working days needs the calendar.")).DueAt(entered, Days);
    }

    public sealed record StateDate(string Key) : DueRule
    {
        internal override bool NeedsCalendar => false;

        public override DateTimeOffset DueAt(DateTimeOffset entered, JsonObject state, WorkingCalendar? calendar)
        {
            var text = NotificationTemplate.StateText(state, Key);
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return WorkingCalendar.At(day, WorkingCalendar.OfficeCloses);
            }

            // A time without an offset would be read in the server's zone; the state must say which zone it means.
            if (text is not null && text.Contains('T', StringComparison.Ordinal) &&
                DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) &&
                (text.EndsWith('Z') || text.LastIndexOfAny(['+', '-']) > text.IndexOf('T', StringComparison.Ordinal)))
            {
                return at.ToUniversalTime();
            }

            throw new InvalidOperationException($"The state has no date with a time zone under '{Key}' (found '{text}').");
        }
    }
}
