using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Services.Web.Units;
using Services.Workflows.Exams;

namespace Services.Web.Pages.Exams.Staff;

/// <summary>An import's progress bar, then its report: the counts, or every refused cell with its line and column.</summary>
public sealed class ImportModel(ExamImports imports, CurrentUnit current) : PageModel
{
    public ImportJob Job { get; private set; } = null!;

    public IActionResult OnGet(Guid id)
    {
        if (imports.Find(id, current.Unit.Id) is not { } found)
        {
            return NotFound();
        }

        Job = found;
        return Page();
    }
}
