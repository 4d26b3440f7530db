using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Services.Data;
using Services.Data.ApiClients;
using Services.Data.Identity;
using Services.Web.ImportApi;
using Services.Web.Localization;
using Services.Web.Security;
using Services.Web.Units;
using Services.Workflows.Forms;

namespace Services.Web.Pages.Admin.ApiClients;

/// <summary>
/// The system administrator's machine clients of the import API (ADR 0022): register one (name, units, scopes) — its
/// secret is shown on this answer only — and deactivate one. Every change is journaled in the root unit's chain.
/// </summary>
[Authorize(Policy = PortalPolicies.SystemAdmin)]
public sealed class IndexModel(ApiClientRegistry registry, PortalDbContext db, UnitDirectory units, JournaledChanges changes,
    TimeProvider clock, IStringLocalizer<WorkplaceResource> w) : PageModel
{
    [BindProperty(Name = "ten")]
    public string? Name { get; set; }

    [BindProperty(Name = "don-vi")]
    public List<Guid> UnitIds { get; set; } = [];

    [BindProperty(Name = "pham-vi")]
    public List<string> Scopes { get; set; } = [];

    public IReadOnlyList<ApiClient> Clients { get; private set; } = [];

    /// <summary>The units that keep exams and certificate registries (the department and district offices).</summary>
    public IReadOnlyList<UnitView> Units { get; private set; } = [];

    public Dictionary<string, string> Errors { get; } = [];

    /// <summary>Set only on the answer to a registration: the client's id and its secret, never shown again.</summary>
    public (string ClientId, string Secret)? Created { get; private set; }

    public string UnitName(Guid id) => Units.FirstOrDefault(u => u.Id == id)?.Name ?? id.ToString();

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var (name, problem) = CleanText.Check(Name, 200, allowLineBreaks: false);
        if (problem is not null || string.IsNullOrEmpty(name))
        {
            Errors["ten"] = w["ApiClients.Error.Name"];
        }

        if (UnitIds.Count == 0 || UnitIds.Any(id => Units.All(u => u.Id != id)))
        {
            Errors["don-vi"] = w["ApiClients.Error.Units"];
        }

        if (Scopes.Count == 0 || Scopes.Any(s => !ImportScopes.All.Contains(s)))
        {
            Errors["pham-vi"] = w["ApiClients.Error.Scopes"];
        }

        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        var (client, secret) = registry.Add(name!, Scopes, UnitIds);
        var root = (await units.RootAsync(ct)).Id;
        await changes.RunAsync(root, "api-client.created", Details(client), Staff.StaffActor.For(User, HttpContext, root, PortalRole.SystemAdmin), async () =>
        {
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
        Created = (client.ClientId, secret);
        Name = null;
        UnitIds = [];
        Scopes = [];
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDeactivateAsync(Guid id, CancellationToken ct)
    {
        if (await registry.FindAsync(id, ct) is not { Active: true } client)
        {
            return NotFound();
        }

        client.Active = false;
        client.DeactivatedAt = clock.GetUtcNow();
        var root = (await units.RootAsync(ct)).Id;
        await changes.RunAsync(root, "api-client.deactivated", Details(client), Staff.StaffActor.For(User, HttpContext, root, PortalRole.SystemAdmin), async () =>
        {
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
        TempData["api-client-notice"] = w["ApiClients.Deactivated", client.Name].Value;
        return Redirect(Url.Content("~/quan-tri/ung-dung-api"));
    }

    private static Dictionary<string, string?> Details(ApiClient client) => new()
    {
        ["client"] = client.ClientId, ["name"] = client.Name, ["scopes"] = string.Join(' ', client.Scopes),
        ["units"] = string.Join(' ', client.UnitIds), ["active"] = client.Active ? "true" : "false",
    };

    private async Task LoadAsync(CancellationToken ct)
    {
        Clients = await registry.ListAsync(ct);
        var found = new List<UnitView>();
        async Task AddAsync(UnitView unit)
        {
            if (!unit.IsSchool)
            {
                found.Add(unit);
            }

            foreach (var child in (await units.ChildrenAsync(unit.Id, ct)).OrderBy(c => c.NameVi, StringComparer.Ordinal))
            {
                await AddAsync(child);
            }
        }

        await AddAsync(await units.RootAsync(ct));
        Units = found;
    }
}
