using Microsoft.Extensions.Localization;
using Services.Web.Localization;
using Services.Workflows.Runtime;

namespace Services.Web.Pages.Staff;

/// <summary>
/// A due date as a clerk reads it at a glance — "còn 2 ngày", "hết hạn hôm nay", "quá hạn 1 ngày" — counted in
/// Vietnamese calendar days, with a colour class that only repeats what the words say.
/// </summary>
public static class DueLabel
{
    public static (string Text, string CssClass) Of(DateTimeOffset dueAt, DateTimeOffset now, IStringLocalizer<WorkplaceResource> w)
    {
        ArgumentNullException.ThrowIfNull(w);
        var days = WorkingCalendar.LocalDate(dueAt).DayNumber - WorkingCalendar.LocalDate(now).DayNumber;
        return days switch
        {
            _ when dueAt < now && days <= 0 => (days == 0 ? w["Due.OverdueToday"] : w["Due.Overdue", -days], "due-overdue"),
            0 => (w["Due.Today"], "due-soon"),
            1 => (w["Due.Left", days], "due-soon"),
            _ => (w["Due.Left", days], "due-ok"),
        };
    }
}
