using System.Globalization;
using Services.Workflows.Runtime;

namespace Services.Web.Localization;

/// <summary>
/// Times shown to people are Vietnam's, whatever the server's zone: the one rule is <see cref="WorkingCalendar.VietnamOffset"/>
/// (UTC+7, no daylight saving since 1975), the same the working-day calendar and the receipts use.
/// </summary>
public static class VietnamTime
{
    public static DateTimeOffset ToVietnam(DateTimeOffset instant) => instant.ToOffset(WorkingCalendar.VietnamOffset);

    /// <summary>Today's date in Vietnam by the portal's clock (never the machine's, so tests can set it).</summary>
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(ToVietnam(clock.GetUtcNow()).DateTime);

    public static string Date(DateTimeOffset instant) => ToVietnam(instant).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    public static string DateTime(DateTimeOffset instant) => ToVietnam(instant).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture);
}
