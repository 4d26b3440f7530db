using Microsoft.AspNetCore.Mvc.RazorPages;
using Services.Web.Security;
using Services.Workflows.Dossiers;

namespace Services.Web.Pages.Account.Manage;

/// <summary>"My dossiers": what the signed-in citizen submitted to any service, with each dossier's current step in the service's words.</summary>
public sealed class MyDossiersModel(ApplicantDossiers dossiers) : PageModel
{
    public IReadOnlyList<ApplicantDossier> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Rows = await dossiers.ListAsync(User.UserId() ?? Guid.Empty, 200, ct);
}
