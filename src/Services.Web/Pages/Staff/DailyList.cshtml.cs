using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Services.Web.Units;
using Services.Workflows.Dossiers;
using Services.Workflows.Runtime;

namespace Services.Web.Pages.Staff;

/// <summary>The dossiers a unit received on one day (today by default), laid out to be printed and signed at the counter.</summary>
public sealed class DailyListModel(DeskQueries desk, CurrentUnit current, TimeProvider clock) : PageModel
{
    /// <summary>The day as yyyy-MM-dd, the value an <c>input type="date"</c> sends.</summary>
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true, Name = "ngay")]
    public string? DayText { get; set; }

    public DateOnly Day { get; private set; }
    public IReadOnlyList<DeskRow> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Day = DateOnly.TryParseExact(DayText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : WorkingCalendar.LocalDate(clock.GetUtcNow());
        Rows = await desk.ReceivedOnAsync(current.Unit.Id, Day, ct);
    }
}
