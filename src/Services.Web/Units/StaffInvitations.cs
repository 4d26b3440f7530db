using Microsoft.AspNetCore.Identity;
using Services.Data;
using Services.Data.Identity;
using Services.Web.Pages.Account;
using Services.Workflows.Runtime;

namespace Services.Web.Units;

/// <summary>
/// Inviting a staff member: the account with its first role in a unit, journaled, then an e-mail with a link to choose
/// a password (two-factor is set up at first sign-in). The system administrator (any unit) and a unit administrator
/// (their own unit) both invite through this one piece.
/// </summary>
public sealed class StaffInvitations(PortalDbContext db, UserManager<PortalUser> users, AccountMail mail, JournaledChanges changes, TimeProvider clock)
{
    /// <summary>The roles a unit administrator may hand out in their unit: never the city's or a district's.</summary>
    public static readonly IReadOnlyList<PortalRole> UnitRoles = [PortalRole.Staff, PortalRole.Approver, PortalRole.Editor, PortalRole.Auditor, PortalRole.UnitAdmin];

    /// <summary>
    /// The invitee's address and name as an admin typed them, cleaned, and for each one that is wrong the resource key
    /// of its message, under the field's name (<c>Email</c>, <c>FullName</c>).
    /// </summary>
    public static (string? Email, string? FullName, IReadOnlyDictionary<string, string> Errors) CheckInvitee(string? email, string? fullName)
    {
        var cleanEmail = InputRules.Clean(email);
        var name = fullName?.Trim();
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var error in InputRules.Email("Email", cleanEmail))
        {
            errors[error.Field] = "Accounts.Error.Email";
        }

        if (string.IsNullOrEmpty(name) || name.Length > InputRules.MaxNameLength)
        {
            errors["FullName"] = "Accounts.Error.Name";
        }

        return (cleanEmail, name, errors);
    }

    /// <summary>Creates and invites the account; null when the address already has one (nothing is written).</summary>
    /// <param name="resetPageLink">The absolute address of the set-password page; the token is added to it.</param>
    public async Task<PortalUser?> InviteAsync(string email, string fullName, Guid unitId, PortalRole role, Actor actor, string resetPageLink, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // The address is vouched for by the administrator and proven again by the password link sent to it.
        var user = new PortalUser
        {
            Id = Guid.CreateVersion7(), UserName = email, Email = email, EmailConfirmed = true, FullName = fullName, CreatedAt = now, LockoutEnabled = true,
        };
        var details = new Dictionary<string, string?> { ["account"] = user.Id.ToString(), ["email"] = email, ["role"] = role.ToString() };
        var created = await changes.RunAsync(unitId, "account.invited", details, actor, async () =>
        {
            if (await users.FindByEmailAsync(email) is not null || !(await users.CreateAsync(user)).Succeeded)
            {
                return false;
            }

            db.UnitMemberships.Add(new UnitMembership { Id = Guid.CreateVersion7(), UserId = user.Id, UnitId = unitId, Role = role, GrantedAt = now });
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
        if (!created)
        {
            db.ChangeTracker.Clear();
            return null;
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        await mail.SendPasswordResetAsync(email, fullName, resetPageLink + AccountMail.TokenQuery(user.Id, token), ct);
        return user;
    }
}
