using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Services.Data;
using Services.Data.Identity;
using Services.Web.Localization;
using Services.Web.Pages.Account;
using Services.Web.Pages.Staff;
using Services.Web.Security;
using Services.Web.Units;

namespace Services.Web.Pages.Admin.Members;

/// <summary>
/// A unit administrator's staff (<c>/quan-tri/{unit}/can-bo</c>): who holds which role in this unit, inviting a new
/// member by e-mail and removing a role. Everything is bound to the unit of the address, which the folder's policy
/// has checked the administrator holds: no field names another unit, and no role above the unit's can be given.
/// </summary>
public sealed class IndexModel(PortalDbContext db, CurrentUnit current, StaffInvitations invitations, JournaledChanges changes, AccountMail mail,
    IStringLocalizer<WorkplaceResource> w) : PageModel
{
    [BindProperty]
    public InviteForm Input { get; set; } = new();

    public IReadOnlyList<MemberRow> Members { get; private set; } = [];
    public Dictionary<string, string> Errors { get; } = [];
    public string? Notice { get; private set; }
    public UnitView Unit => current.Unit;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Notice = TempData["members-notice"] as string;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (email, name, invalid) = StaffInvitations.CheckInvitee(Input.Email, Input.FullName);
        foreach (var (field, message) in invalid)
        {
            Errors[field] = w[message];
        }

        if (!StaffInvitations.UnitRoles.Contains(Input.Role))
        {
            Errors[nameof(Input.Role)] = w["Members.Error.Role"];
        }

        if (Errors.Count == 0 && await invitations.InviteAsync(email!, name!, Unit.Id, Input.Role, StaffActor.For(User, HttpContext, Unit.Id, PortalRole.UnitAdmin),
                mail.Link(Url.Content("~/tai-khoan/dat-lai-mat-khau")), ct) is null)
        {
            Errors[nameof(Input.Email)] = w["Accounts.Error.Taken"];
        }

        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await LoadAsync(ct);
            return Page();
        }

        TempData["members-notice"] = w["Accounts.Created", name!, email!].Value;
        return Redirect(Url.Content($"~/quan-tri/{Unit.Slug}/can-bo"));
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid membershipId, CancellationToken ct)
    {
        // Only a role of this unit is found; a membership of another unit is as good as missing.
        var membership = await db.UnitMemberships.FirstOrDefaultAsync(m => m.Id == membershipId && m.UnitId == Unit.Id, ct);
        if (membership is null)
        {
            return NotFound();
        }

        if (membership.UserId == User.UserId())
        {
            Notice = w["Members.Error.Self"];
            Response.StatusCode = StatusCodes.Status409Conflict;
            await LoadAsync(ct);
            return Page();
        }

        var details = new Dictionary<string, string?> { ["account"] = membership.UserId.ToString(), ["role"] = membership.Role.ToString() };
        await changes.RunAsync(Unit.Id, "account.role-removed", details, StaffActor.For(User, HttpContext, Unit.Id, PortalRole.UnitAdmin), async () =>
        {
            db.UnitMemberships.Remove(membership);
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
        TempData["members-notice"] = w["Accounts.RoleRemoved"].Value;
        return Redirect(Url.Content($"~/quan-tri/{Unit.Slug}/can-bo"));
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var rows = await db.UnitMemberships.AsNoTracking().Where(m => m.UnitId == Unit.Id)
            .Join(db.Users.AsNoTracking(), m => m.UserId, u => u.Id, (m, u) => new { m.Id, m.Role, u.FullName, u.Email })
            .OrderBy(r => r.FullName).ThenBy(r => r.Role)
            .ToListAsync(ct);
        Members = rows.Select(r => new MemberRow(r.Id, r.FullName, r.Email ?? "", r.Role)).ToList();
    }
}

public sealed class InviteForm
{
    public string? FullName { get; set; }
    public string? Email { get; set; }
    public PortalRole Role { get; set; } = PortalRole.Staff;
}

public sealed record MemberRow(Guid MembershipId, string FullName, string Email, PortalRole Role);
