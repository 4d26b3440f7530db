using System.Globalization;
using System.Text.RegularExpressions;
using Services.Data;
using Services.Workflows.Runtime;

namespace Services.Tests.Unit.Workflows;

/// <summary>The calendar as the migration seeds it, read from the embedded SQL so the tests check the real seed.</summary>
internal static partial class SeededHolidays
{
    public static WorkingCalendar Calendar { get; } = Load();

    private static WorkingCalendar Load()
    {
        var assembly = typeof(PortalDbContext).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith("20261121010000_WorkflowRuntime.sql", StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
        var days = new Dictionary<DateOnly, bool>();
        foreach (Match row in HolidayRow().Matches(reader.ReadToEnd()))
        {
            days[DateOnly.ParseExact(row.Groups[1].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture)] = row.Groups[2].Value == "true";
        }

        return new WorkingCalendar(days);
    }

    [GeneratedRegex(@"^\s*\('(\d{4}-\d{2}-\d{2})',.*, (true|false)\)[,;]\s*$", RegexOptions.Multiline)]
    private static partial Regex HolidayRow();
}
