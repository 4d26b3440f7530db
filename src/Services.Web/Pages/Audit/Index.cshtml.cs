using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Services.Web.Localization;
using Services.Workflows.Journal;

namespace Services.Web.Pages.Audit;

/// <summary>
/// The auditor's check of the whole journal (every instance's chain, every sealed range, the checkpoint chain), and
/// a seal on demand. The journal is one for the whole portal, so an auditor of any unit sees the same verdict; a
/// problem names instances by id only, never their content.
/// </summary>
public sealed class IndexModel(JournalAudit audit, JournalSealer sealer, IStringLocalizer<JournalResource> text) : PageModel
{
    public JournalReport Report { get; private set; } = null!;
    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Report = await audit.RunAsync(cancellationToken: ct);

    public async Task<IActionResult> OnPostSealAsync(CancellationToken ct)
    {
        var sealedNow = await sealer.SealAsync(ct);
        Message = sealedNow is null ? text["Audit.NothingToSeal"] : text["Audit.Sealed", sealedNow.Seq, sealedNow.Entries];
        Report = await audit.RunAsync(cancellationToken: ct);
        return Page();
    }

    public string Describe(JournalProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var key = problem.Kind switch
        {
            JournalProblemKind.BrokenEntry when problem.Checkpoint is not null => "Problem.BrokenEntrySealed",
            JournalProblemKind.MissingInstance when problem.Checkpoint is not null => "Problem.MissingInstanceSealed",
            _ => $"Problem.{problem.Kind}",
        };
        return text[key, problem.InstanceId?.ToString() ?? "", problem.Seq ?? 0, problem.Checkpoint ?? 0];
    }
}
