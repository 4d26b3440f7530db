using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Services.Web.Content;
using Services.Web.Localization;
using Services.Web.Units;
using Services.Workflows.Content;

namespace Services.Web.Pages.Content;

/// <summary>A unit's statistics yearbook: its last five school years as charts with their tables, and as CSV.</summary>
public sealed class YearbookModel(UnitYearbook yearbook, CurrentUnit current, IStringLocalizer<ContentResource> texts) : PageModel
{
    public IReadOnlyList<YearbookFigures> Figures { get; private set; } = [];

    /// <summary>Schools, classes and classrooms; then teachers and pupils (figures of another order of size).</summary>
    public IReadOnlyList<ChartView> Charts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Figures = await yearbook.FiguresAsync(current.Unit.Id, ct);
        var years = Figures.Select(f => f.SchoolYear).ToList();
        var header = texts["Content.Field.SchoolYear"].Value;
        ChartSeries Series(string key, Func<YearbookFigures, int> figure) => new(texts[key].Value, [.. Figures.Select(f => (decimal)figure(f))]);
        Charts =
        [
            new ChartView("yearbook-schools", texts["Yearbook.Chart.Schools"].Value, "bar", years,
                [Series("Yearbook.Schools", f => f.Schools), Series("Yearbook.Classes", f => f.Classes), Series("Yearbook.Classrooms", f => f.Classrooms)], header),
            new ChartView("yearbook-people", texts["Yearbook.Chart.People"].Value, "bar", years,
                [Series("Yearbook.Teachers", f => f.Teachers), Series("Yearbook.Pupils", f => f.Pupils)], header),
        ];
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var csv = Yearbook.ToCsv(await yearbook.FiguresAsync(current.Unit.Id, ct));
        return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray(), "text/csv", $"nien-giam-thong-ke-{current.Unit.Slug}.csv");
    }
}
