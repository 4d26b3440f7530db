using Microsoft.Extensions.Localization;

namespace Services.Web.Localization;

/// <summary>A processing time as people read it: "1 working day", "3 working days" (Vietnamese has one form for both).</summary>
public static class WorkingDays
{
    public static string Text(IStringLocalizer<SharedResource> t, int days)
    {
        ArgumentNullException.ThrowIfNull(t);
        return t[days == 1 ? "Apply.WorkingDays.One" : "Apply.WorkingDays", days];
    }
}
