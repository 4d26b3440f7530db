using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Services.Data;
using Services.Data.Identity;
using Services.Web.Localization;
using Services.Web.Pages.Account;
using Services.Web.Units;

namespace Services.Web.Pages.Admin.Accounts;

/// <summary>
/// The system administrator's accounts: find one by name or e-mail, or add a staff member with a first role in a unit.
/// The new member gets an e-mail with a link to choose a password, then sets up two-factor at first sign-in.
/// </summary>
public sealed class IndexModel(PortalDbContext db, UnitDirectory units, AccountMail mail, StaffInvitations invitations, TimeProvider clock,
    IStringLocalizer<WorkplaceResource> w) : PageModel
{
    private const int Shown = 50;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty]
    public NewAccountForm Input { get; set; } = new();

    public IReadOnlyList<AccountRow> Accounts { get; private set; } = [];
    public IReadOnlyList<UnitView> Units { get; private set; } = [];
    public Dictionary<string, string> Errors { get; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (email, name, invalid) = StaffInvitations.CheckInvitee(Input.Email, Input.FullName);
        foreach (var (field, message) in invalid)
        {
            Errors[field] = w[message];
        }

        if (Input.UnitId is not { } unitId || await units.FindByIdAsync(unitId, ct) is null)
        {
            Errors[nameof(Input.UnitId)] = w["Accounts.Error.Unit"];
        }

        if (!Enum.IsDefined(Input.Role))
        {
            Errors[nameof(Input.Role)] = w["Accounts.Error.Role"];
        }

        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await LoadAsync(ct);
            return Page();
        }

        var firstUnit = Input.UnitId!.Value;
        var user = await invitations.InviteAsync(email!, name!, firstUnit, Input.Role, Pages.Staff.StaffActor.For(User, HttpContext, firstUnit, PortalRole.SystemAdmin),
            mail.Link(Url.Content("~/tai-khoan/dat-lai-mat-khau")), ct);
        if (user is null)
        {
            Errors[nameof(Input.Email)] = w["Accounts.Error.Taken"];
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await LoadAsync(ct);
            return Page();
        }

        TempData["account-notice"] = w["Accounts.Created", user.FullName, email!].Value;
        return Redirect(Url.Content($"~/quan-tri/tai-khoan/{user.Id}"));
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var query = db.Users.AsNoTracking();
        if (Search?.Trim() is { Length: > 0 } search)
        {
            var pattern = "%" + search.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            query = query.Where(u => EF.Functions.ILike(u.FullName, pattern) || EF.Functions.ILike(u.Email!, pattern));
        }

        var rows = await query.OrderBy(u => u.FullName).ThenBy(u => u.Id).Take(Shown)
            .Select(u => new { u.Id, u.FullName, u.Email, u.LockoutEnd, u.TwoFactorEnabled, Roles = u.Memberships.Select(m => new { m.UnitId, m.Role }).ToList() })
            .ToListAsync(ct);
        var now = clock.GetUtcNow();
        var accounts = new List<AccountRow>();
        foreach (var row in rows)
        {
            var roles = new List<string>();
            foreach (var m in row.Roles)
            {
                roles.Add($"{w[$"Role.{m.Role}"]} – {(await units.FindByIdAsync(m.UnitId, ct))?.Name}");
            }

            accounts.Add(new AccountRow(row.Id, row.FullName, row.Email ?? "", roles, row.LockoutEnd > now, row.TwoFactorEnabled));
        }

        Accounts = accounts;
        Units = await AllUnitsAsync(units, ct);
    }

    /// <summary>Every unit, parents before children, for the unit pickers.</summary>
    public static async Task<IReadOnlyList<UnitView>> AllUnitsAsync(UnitDirectory units, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(units);
        var all = new List<UnitView>();
        async Task AddAsync(UnitView unit)
        {
            all.Add(unit);
            foreach (var child in (await units.ChildrenAsync(unit.Id, ct)).OrderBy(c => c.NameVi, StringComparer.Ordinal))
            {
                await AddAsync(child);
            }
        }

        await AddAsync(await units.RootAsync(ct));
        return all;
    }
}

public sealed class NewAccountForm
{
    public string? FullName { get; set; }
    public string? Email { get; set; }
    public Guid? UnitId { get; set; }
    public PortalRole Role { get; set; } = PortalRole.Staff;
}

public sealed record AccountRow(Guid Id, string FullName, string Email, IReadOnlyList<string> Roles, bool Disabled, bool TwoFactor);
