using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Services.Data.Exams;
using Services.Web.Units;
using Services.Workflows.Exams;
using Services.Workflows.Forms;

namespace Services.Web.Pages.Exams.Staff;

/// <summary>The unit's exams, and a new one.</summary>
public sealed class IndexModel(ExamRegistry registry, CurrentUnit current) : PageModel
{
    [BindProperty(Name = "ten")]
    public string? Name { get; set; }

    [BindProperty(Name = "loai")]
    public ExamKind Kind { get; set; }

    [BindProperty(Name = "nam")]
    public int? Year { get; set; }

    public IReadOnlyList<ExamSummary> Exams { get; private set; } = [];
    public bool Invalid { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Exams = await registry.OfUnitAsync(current.Unit.Id, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (name, problem) = CleanText.Check(Name, 300, allowLineBreaks: false);
        if (problem is not null || string.IsNullOrEmpty(name) || Year is not (>= 2000 and <= 2100) || !Enum.IsDefined(Kind))
        {
            Invalid = true;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            Exams = await registry.OfUnitAsync(current.Unit.Id, ct);
            return Page();
        }

        var exam = await registry.CreateAsync(current.Unit.Id, name, Kind, Year.Value, ct);
        return Redirect(Url.Content($"~/can-bo/{current.Unit.Slug}/ky-thi/{exam.Id}"));
    }
}
