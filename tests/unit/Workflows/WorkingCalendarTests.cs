using Services.Workflows.Runtime;

namespace Services.Tests.Unit.Workflows;

public sealed class WorkingCalendarTests
{
    private static readonly WorkingCalendar Calendar = SeededHolidays.Calendar;

    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Fact]
    public void CountsWorkingDaysBetweenTwoDatesSkippingWeekendsAndTet()
    {
        // Friday 13 Feb 2026 to Monday 23 Feb 2026: the Tết holiday (16–20 Feb) and two weekends leave only the Monday.
        Assert.Equal(1, Calendar.WorkingDaysBetween(new DateOnly(2026, 2, 13), new DateOnly(2026, 2, 23)));
        Assert.Equal(5, Calendar.WorkingDaysBetween(new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 27)));
        Assert.Equal(0, Calendar.WorkingDaysBetween(new DateOnly(2026, 11, 27), new DateOnly(2026, 11, 20)));
    }

    [Fact]
    public void SeedCoversEveryOfficialDayOffOf2025To2027()
    {
        Assert.False(Calendar.IsWorkingDay(D(2025, 1, 1)));
        Assert.False(Calendar.IsWorkingDay(D(2025, 1, 29))); // mùng 1 Tết Ất Tỵ
        Assert.False(Calendar.IsWorkingDay(D(2025, 4, 7))); // Giỗ Tổ Hùng Vương
        Assert.False(Calendar.IsWorkingDay(D(2025, 9, 1)));
        Assert.False(Calendar.IsWorkingDay(D(2026, 2, 17))); // mùng 1 Tết Bính Ngọ
        Assert.False(Calendar.IsWorkingDay(D(2026, 4, 27))); // compensatory day for Hùng Kings on a Sunday
        Assert.False(Calendar.IsWorkingDay(D(2027, 2, 8)));
        Assert.False(Calendar.IsWorkingDay(D(2027, 5, 3)));
        Assert.False(Calendar.IsWorkingDay(D(2027, 9, 2)));
        Assert.True(Calendar.IsWorkingDay(D(2025, 2, 3)));
    }

    [Fact]
    public void OneWorkingDayAfterTheFridayBeforeTetIsTheMondayAfterIt()
    {
        Assert.Equal(D(2025, 2, 3), Calendar.AddWorkingDays(D(2025, 1, 24), 1));
        Assert.Equal(D(2026, 2, 23), Calendar.AddWorkingDays(D(2026, 2, 13), 1));
    }

    [Fact]
    public void WeekendsAreSkipped()
    {
        Assert.Equal(D(2025, 3, 10), Calendar.AddWorkingDays(D(2025, 3, 7), 1));
        Assert.Equal(D(2025, 3, 14), Calendar.AddWorkingDays(D(2025, 3, 7), 5));
    }

    [Fact]
    public void AMakeUpSaturdayCountsAndTheBridgedFridayDoesNot()
    {
        Assert.True(Calendar.IsWorkingDay(D(2025, 4, 26)));
        Assert.False(Calendar.IsWorkingDay(D(2025, 5, 2)));
        Assert.Equal(D(2025, 4, 26), Calendar.AddWorkingDays(D(2025, 4, 25), 1));
        Assert.Equal(D(2025, 5, 5), Calendar.AddWorkingDays(D(2025, 4, 29), 1));
    }

    [Fact]
    public void DueTimeIsFivePmVietnamOnTheLastWorkingDay()
    {
        var received = new DateTimeOffset(2025, 1, 23, 15, 30, 0, WorkingCalendar.VietnamOffset);
        var due = Calendar.DueAt(received, 3);
        Assert.Equal(new DateTimeOffset(2025, 2, 4, 17, 0, 0, WorkingCalendar.VietnamOffset), due);
        Assert.Equal(TimeSpan.Zero, due.Offset);
    }

    [Fact]
    public void ReceiptLateInTheEveningUtcCountsFromTheVietnameseDate()
    {
        // 18:00 UTC on Friday is already Saturday 01:00 in Viet Nam.
        var received = new DateTimeOffset(2025, 3, 7, 18, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2025, 3, 10, 17, 0, 0, WorkingCalendar.VietnamOffset), Calendar.DueAt(received, 1));
    }

    [Fact]
    public void ReminderIsAtEightOnTheWorkingDayBeforeTheDueDay()
    {
        var due = new DateTimeOffset(2025, 2, 3, 17, 0, 0, WorkingCalendar.VietnamOffset);
        Assert.Equal(new DateTimeOffset(2025, 1, 24, 8, 0, 0, WorkingCalendar.VietnamOffset), Calendar.ReminderAt(due, 1));
        Assert.Equal(new DateTimeOffset(2025, 2, 3, 8, 0, 0, WorkingCalendar.VietnamOffset), Calendar.ReminderAt(due, 0));
    }
}
