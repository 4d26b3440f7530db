using Microsoft.AspNetCore.Mvc.RazorPages;
using Services.Web.Units;
using Services.Workflows.Consultations;

namespace Services.Web.Pages.Consultations;

/// <summary>The unit's published consultations: those taking comments, and those closed (with their report once out).</summary>
public sealed class IndexModel(ConsultationRegistry registry, CurrentUnit current) : PageModel
{
    public IReadOnlyList<ConsultationView> Open { get; private set; } = [];
    public IReadOnlyList<ConsultationView> Closed { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var all = await registry.OfUnitAsync(current.Unit.Id, publicOnly: true, ct);
        Open = all.Where(v => !v.IsClosed).ToList();
        Closed = all.Where(v => v.IsClosed).ToList();
    }
}
