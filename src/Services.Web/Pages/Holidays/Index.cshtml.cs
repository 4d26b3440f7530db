using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Services.Data.Workflows;
using Services.Web.Localization;
using Services.Web.Security;
using Services.Workflows.Forms;
using Services.Workflows.Runtime;

namespace Services.Web.Pages.Holidays;

/// <summary>
/// The working-day calendar's exceptions for any year (public holidays, days off, Saturdays worked), kept by the
/// system administrator when the government announces them; legal due dates are counted from them.
/// </summary>
[Authorize(Policy = PortalPolicies.SystemAdmin)]
public sealed class IndexModel(HolidayCalendar holidays, TimeProvider clock, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "nam")]
    public int Year { get; set; }

    [BindProperty(Name = "ngay")]
    public string? Date { get; set; }

    [BindProperty(Name = "ten-vi")]
    public string? NameVi { get; set; }

    [BindProperty(Name = "ten-en")]
    public string? NameEn { get; set; }

    [BindProperty(Name = "ngay-lam-viec")]
    public bool IsWorkingDay { get; set; }

    public IReadOnlyList<Holiday> Days { get; private set; } = [];
    public bool NextYearMissing { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        var (nameVi, viProblem) = CleanText.Check(NameVi, 200, allowLineBreaks: false);
        var (nameEn, enProblem) = CleanText.Check(NameEn, 200, allowLineBreaks: false);
        if (!DateOnly.TryParseExact(Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) || date.Year is < 2000 or > 2100
            || viProblem is not null || enProblem is not null)
        {
            Error = t["Holidays.Invalid"];
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await LoadAsync(ct);
            return Page();
        }

        await holidays.SetAsync(new Holiday { Date = date, NameVi = nameVi, NameEn = nameEn, IsWorkingDay = IsWorkingDay }, ct);
        return RedirectToPage(new { nam = date.Year });
    }

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken ct)
    {
        if (!DateOnly.TryParseExact(Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return BadRequest();
        }

        await holidays.RemoveAsync(date, ct);
        return RedirectToPage(new { nam = date.Year });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var thisYear = WorkingCalendar.LocalDate(clock.GetUtcNow()).Year;
        Year = Year is >= 2000 and <= 2100 ? Year : thisYear;
        Days = await holidays.ListAsync(Year, ct);
        NextYearMissing = (await holidays.ListAsync(thisYear + 1, ct)).Count == 0;
    }
}
