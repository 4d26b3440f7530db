using Microsoft.AspNetCore.Mvc.RazorPages;
using Services.Web.Units;

namespace Services.Web.Pages.Portal;

public sealed class HomeModel(UnitDirectory units, CurrentUnit current) : PageModel
{
    public IReadOnlyList<UnitView> Children { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Children = await units.ChildrenAsync(current.Unit.Id, ct);
}
