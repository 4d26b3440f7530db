using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Services.Data.Identity;
using Services.Web.Pages.Staff;
using Services.Web.Units;
using Services.Workflows.Consultations;

namespace Services.Web.Pages.Consultations.Admin;

/// <summary>The unit's consultations at every step, and the form that drafts a new one.</summary>
public sealed class IndexModel(ConsultationRegistry registry, CurrentUnit current) : PageModel
{
    public IReadOnlyList<ConsultationView> Consultations { get; private set; } = [];
    public List<string> Problems { get; } = [];

    [BindProperty]
    public ConsultationNotice Notice { get; set; } = new();

    public async Task OnGetAsync(CancellationToken ct) => Consultations = await registry.OfUnitAsync(current.Unit.Id, publicOnly: false, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var draft = Notice.Check(current.Unit.Id, Problems);
        if (draft is null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            Consultations = await registry.OfUnitAsync(current.Unit.Id, publicOnly: false, ct);
            return Page();
        }

        var created = await registry.CreateAsync(draft, StaffActor.For(User, HttpContext, current.Unit.Id, PortalRole.UnitAdmin), ct);
        return Redirect(Url.Content($"~/quan-tri/{current.Unit.Slug}/gop-y/{created.Id}"));
    }
}
