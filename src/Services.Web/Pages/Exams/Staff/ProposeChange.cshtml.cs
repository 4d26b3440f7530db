using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Services.Data.Exams;
using Services.Web.Pages.Staff;
using Services.Web.Units;
using Services.Workflows.Exams;

namespace Services.Web.Pages.Exams.Staff;

/// <summary>
/// A staff member of the issuing unit proposes to revoke a certificate (with the reason) or to correct it (the new
/// values and the reason); a unit admin then decides on the proposals page. The rules are the service's, not this page's.
/// </summary>
public sealed class ProposeChangeModel(CertificateChanges changes, CurrentUnit current) : PageModel
{
    public Certificate Certificate { get; private set; } = null!;
    public string? Message { get; private set; }

    [BindProperty(Name = "loai")]
    public CertificateChangeKind Kind { get; set; }

    [BindProperty(Name = "ly-do")]
    public string? Reason { get; set; }

    /// <summary>The value shown in a field's input: what was posted, else the registry's value.</summary>
    public string ValueFor(string field) => Request.HasFormContentType && Request.Form.TryGetValue(InputName(field), out var posted)
        ? posted.ToString()
        : CertificateChanges.ValueOf(Certificate, field);

    public static string InputName(string field) => $"gia-tri-{field}";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var roles = StaffActor.RolesIn(User, current.Unit.Id);
        var role = CertificateChanges.ProposerRoles.FirstOrDefault(roles.Contains);
        var actor = StaffActor.For(User, HttpContext, current.Unit.Id, role);
        try
        {
            if (Kind == CertificateChangeKind.Correction)
            {
                var values = CertificateField.All.ToDictionary(f => f, f => (string?)Request.Form[InputName(f)].ToString());
                await changes.ProposeCorrectionAsync(id, values, Reason, actor, ct);
            }
            else
            {
                await changes.ProposeRevocationAsync(id, Reason, actor, ct);
            }
        }
        catch (CertificateChangeRefusedException refused)
        {
            Message = CertificateChangeOutcome.MessageKey(refused.Reason);
            Response.StatusCode = CertificateChangeOutcome.StatusOf(refused.Reason);
            return Page();
        }

        return Redirect(Url.Content($"~/can-bo/{current.Unit.Slug}/van-bang/de-nghi"));
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await changes.CertificateOfUnitAsync(current.Unit.Id, id, ct) is not { } certificate)
        {
            return false;
        }

        Certificate = certificate;
        return true;
    }
}
