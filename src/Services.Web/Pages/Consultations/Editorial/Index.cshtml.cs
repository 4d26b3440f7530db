using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Services.Data.Identity;
using Services.Web.Pages.Staff;
using Services.Web.Units;
using Services.Workflows.Consultations;

namespace Services.Web.Pages.Consultations.Editorial;

/// <summary>The unit's consultations at every step, and the form that drafts a new one.</summary>
public sealed class IndexModel(ConsultationRegistry registry, CurrentUnit current) : PageModel
{
    public IReadOnlyList<ConsultationView> Consultations { get; private set; } = [];
    public List<string> Problems { get; } = [];

    [BindProperty]
    public ConsultationNotice Notice { get; set; } = new();

    /// <summary>Whether this user drafts in the unit: its editors and administrator (ADR 0026).</summary>
    public bool CanDraft => StaffActor.RolesIn(User, current.Unit.Id).Any(r => r is PortalRole.Editor or PortalRole.UnitAdmin);

    public async Task OnGetAsync(CancellationToken ct) => Consultations = await registry.OfUnitAsync(current.Unit.Id, publicOnly: false, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!CanDraft)
        {
            // Drafting is the editor's (or the unit administrator's); an approver approves what others wrote.
            Problems.Add("Consultations.Refused.NotYourRole");
            Response.StatusCode = StatusCodes.Status403Forbidden;
            Consultations = await registry.OfUnitAsync(current.Unit.Id, publicOnly: false, ct);
            return Page();
        }

        var draft = Notice.Check(current.Unit.Id, Problems);
        if (!ModelState.IsValid && !Problems.Contains("Consultations.Problem.Moderation"))
        {
            // Only the moderation mode and the report threshold are typed: a value that is not one of them was not bound.
            Problems.Add("Consultations.Problem.Moderation");
            draft = null;
        }

        if (draft is null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            Consultations = await registry.OfUnitAsync(current.Unit.Id, publicOnly: false, ct);
            return Page();
        }

        var role = StaffActor.RolesIn(User, current.Unit.Id).Contains(PortalRole.Editor) ? PortalRole.Editor : PortalRole.UnitAdmin;
        var created = await registry.CreateAsync(draft, StaffActor.For(User, HttpContext, current.Unit.Id, role), ct);
        return Redirect(Url.Content($"~/quan-tri/{current.Unit.Slug}/gop-y/{created.Id}"));
    }
}
