using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Services.Data.Exams;
using Services.Data.Identity;
using Services.Web.Pages.Staff;
using Services.Web.Security;
using Services.Web.Units;
using Services.Workflows.Exams;

namespace Services.Web.Pages.Exams.Staff;

/// <summary>
/// The unit's proposals to revoke or correct certificates: those waiting, which a unit admin other than the proposer
/// approves or refuses with a reason, and those decided, with the values a correction replaced.
/// </summary>
public sealed class CertificateChangesModel(CertificateChanges changes, CurrentUnit current) : PageModel
{
    public IReadOnlyList<CertificateChangeView> Changes { get; private set; } = [];
    public string? Message { get; private set; }

    /// <summary>The signed-in user holds the approver's role in the unit.</summary>
    public bool MayDecide { get; private set; }

    public Guid? UserId { get; private set; }

    [BindProperty(Name = "ghi-chu")]
    public string? Note { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Decides proposal <paramref name="change"/>: <paramref name="decision"/> is "duyet" (approve) or "tu-choi" (refuse).</summary>
    public async Task<IActionResult> OnPostAsync(Guid change, [FromForm(Name = "quyet-dinh")] string? decision, CancellationToken ct)
    {
        var actor = StaffActor.For(User, HttpContext, current.Unit.Id, CertificateChanges.ApproverRole);
        try
        {
            await changes.DecideAsync(change, decision == "duyet", Note, actor, ct);
        }
        catch (CertificateChangeRefusedException refused)
        {
            Message = CertificateChangeOutcome.MessageKey(refused.Reason);
            Response.StatusCode = CertificateChangeOutcome.StatusOf(refused.Reason);
            await LoadAsync(ct);
            return Page();
        }

        return Redirect(Url.Content($"~/can-bo/{current.Unit.Slug}/van-bang/de-nghi"));
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        MayDecide = StaffActor.RolesIn(User, current.Unit.Id).Contains(PortalRole.UnitAdmin);
        UserId = User.UserId();
        Changes = await changes.OfUnitAsync(current.Unit.Id, ct);
    }
}
