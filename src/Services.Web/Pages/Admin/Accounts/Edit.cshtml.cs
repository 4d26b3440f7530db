using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Services.Data;
using Services.Data.Identity;
using Services.Web.Localization;
using Services.Web.Units;

namespace Services.Web.Pages.Admin.Accounts;

/// <summary>
/// One account for the system administrator: its roles per unit (add, remove), disabling and enabling it, and
/// resetting its two-factor set-up when a phone is lost. Each change ends the account's open sessions.
/// </summary>
public sealed class EditModel(PortalDbContext db, UserManager<PortalUser> users, UnitDirectory units, JournaledChanges changes, TimeProvider clock,
    IStringLocalizer<WorkplaceResource> w)
    : PageModel
{
    public PortalUser Account { get; private set; } = null!;
    public IReadOnlyList<(Guid MembershipId, UnitView? Unit, PortalRole Role)> Roles { get; private set; } = [];
    public IReadOnlyList<UnitView> Units { get; private set; } = [];
    public bool Disabled { get; private set; }
    public string? Notice { get; private set; }
    public bool NoticeIsError { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Notice = TempData["account-notice"] as string;
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAddRoleAsync(Guid id, Guid unitId, PortalRole role, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (!Enum.IsDefined(role) || await units.FindByIdAsync(unitId, ct) is null)
        {
            return await FailAsync(id, w["Accounts.Error.Unit"], ct);
        }

        if (!await db.UnitMemberships.AnyAsync(m => m.UserId == id && m.UnitId == unitId && m.Role == role, ct))
        {
            await changes.RunAsync(unitId, "account.role-added", Details(role), Actor(unitId), async () =>
            {
                db.UnitMemberships.Add(new UnitMembership { Id = Guid.CreateVersion7(), UserId = id, UnitId = unitId, Role = role, GrantedAt = clock.GetUtcNow() });
                await db.SaveChangesAsync(ct);
                return true;
            }, ct);
        }

        return await DoneAsync(w["Accounts.RoleAdded"], ct);
    }

    public async Task<IActionResult> OnPostRemoveRoleAsync(Guid id, Guid membershipId, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var membership = await db.UnitMemberships.FirstOrDefaultAsync(m => m.Id == membershipId && m.UserId == id, ct);
        if (membership is null)
        {
            return NotFound();
        }

        // The city must keep someone who can manage it.
        if (membership.Role == PortalRole.SystemAdmin && await db.UnitMemberships.CountAsync(m => m.Role == PortalRole.SystemAdmin, ct) == 1)
        {
            return await FailAsync(id, w["Accounts.Error.LastAdmin"], ct);
        }

        await changes.RunAsync(membership.UnitId, "account.role-removed", Details(membership.Role), Actor(membership.UnitId), async () =>
        {
            db.UnitMemberships.Remove(membership);
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
        return await DoneAsync(w["Accounts.RoleRemoved"], ct);
    }

    public async Task<IActionResult> OnPostDisableAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (id == Services.Web.Security.PortalClaims.UserId(User))
        {
            return await FailAsync(id, w["Accounts.Error.Self"], ct);
        }

        // Identity's lockout with no end: the password no longer signs in, and the new stamp ends open sessions.
        await AccountChangeAsync("account.disabled", async () =>
        {
            await users.SetLockoutEnabledAsync(Account, true);
            await users.SetLockoutEndDateAsync(Account, DateTimeOffset.MaxValue);
            await users.UpdateSecurityStampAsync(Account);
        }, ct);
        return await DoneAsync(w["Accounts.DisabledNotice"], ct);
    }

    public async Task<IActionResult> OnPostEnableAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        await AccountChangeAsync("account.enabled", async () =>
        {
            await users.SetLockoutEndDateAsync(Account, null);
            await users.ResetAccessFailedCountAsync(Account);
        }, ct);
        return await DoneAsync(w["Accounts.EnabledNotice"], ct);
    }

    public async Task<IActionResult> OnPostResetTwoFactorAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        // A new key nobody holds, two-factor off: the next sign-in goes through the set-up again.
        await AccountChangeAsync("account.two-factor-reset", async () =>
        {
            await users.SetTwoFactorEnabledAsync(Account, false);
            await users.ResetAuthenticatorKeyAsync(Account);
            await users.UpdateSecurityStampAsync(Account);
        }, ct);
        return await DoneAsync(w["Accounts.TwoFactorReset"], ct);
    }

    /// <summary>An account-wide change, journaled in the city's chain (the system administrator's unit).</summary>
    private async Task AccountChangeAsync(string action, Func<Task> change, CancellationToken ct)
    {
        var city = (await units.RootAsync(ct)).Id;
        await changes.RunAsync(city, action, Details(null), Actor(city), async () =>
        {
            await change();
            return true;
        }, ct);
    }

    private Dictionary<string, string?> Details(PortalRole? role) => new()
    {
        ["account"] = Account.Id.ToString(), ["email"] = Account.Email, ["role"] = role?.ToString(),
    };

    private Services.Workflows.Runtime.Actor Actor(Guid unitId) => Pages.Staff.StaffActor.For(User, HttpContext, unitId, PortalRole.SystemAdmin);

    private Task<IActionResult> DoneAsync(string message, CancellationToken ct)
    {
        _ = ct;
        TempData["account-notice"] = message;
        return Task.FromResult<IActionResult>(Redirect(Url.Content($"~/quan-tri/tai-khoan/{Account.Id}")));
    }

    private async Task<IActionResult> FailAsync(Guid id, string message, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        Notice = message;
        NoticeIsError = true;
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await users.FindByIdAsync(id.ToString()) is not { } account)
        {
            return false;
        }

        Account = account;
        Disabled = account.LockoutEnd > clock.GetUtcNow();
        var memberships = await db.UnitMemberships.AsNoTracking().Where(m => m.UserId == id).OrderBy(m => m.GrantedAt).ToListAsync(ct);
        var roles = new List<(Guid, UnitView?, PortalRole)>();
        foreach (var m in memberships)
        {
            roles.Add((m.Id, await units.FindByIdAsync(m.UnitId, ct), m.Role));
        }

        Roles = roles;
        Units = await IndexModel.AllUnitsAsync(units, ct);
        return true;
    }
}
