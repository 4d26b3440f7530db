using Microsoft.AspNetCore.Authorization;
using Services.Data.Identity;

namespace Services.Web.Security;

/// <summary>
/// The named policies. Pages get them by folder (see ServicesWebSetup), never by scattered attributes.
/// Unit-scoped policies read the <c>{unit}</c> route value: a role in school A gives nothing in school B.
/// </summary>
public static class PortalPolicies
{
    public const string UnitStaff = nameof(UnitStaff);
    public const string UnitAdmin = nameof(UnitAdmin);
    public const string UnitAuditor = nameof(UnitAuditor);
    public const string SystemAdmin = nameof(SystemAdmin);
    public const string SignedIn = nameof(SignedIn);

    /// <summary>content: the unit's editorial board (editors, approvers) and its admin.</summary>
    public const string UnitEditorial = nameof(UnitEditorial);

    /// <summary>Any role in any unit (the staff landing page, which then lists the user's own units).</summary>
    public const string AnyUnitRole = nameof(AnyUnitRole);

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(SignedIn, p => p.RequireAuthenticatedUser());
        options.AddPolicy(AnyUnitRole, p => p.RequireAuthenticatedUser().AddRequirements(new TwoFactorRequirement())
            .RequireAssertion(c => c.User.Memberships().Any()));
        options.AddPolicy(UnitStaff, p => p.RequireAuthenticatedUser().AddRequirements(
            new TwoFactorRequirement(), new UnitRoleRequirement(PortalRole.Staff, PortalRole.UnitAdmin, PortalRole.DistrictOfficer)));
        options.AddPolicy(UnitEditorial, p => p.RequireAuthenticatedUser().AddRequirements(
            new TwoFactorRequirement(), new UnitRoleRequirement(PortalRole.Editor, PortalRole.Approver, PortalRole.UnitAdmin)));
        options.AddPolicy(UnitAdmin, p => p.RequireAuthenticatedUser().AddRequirements(
            new TwoFactorRequirement(), new UnitRoleRequirement(PortalRole.UnitAdmin)));
        options.AddPolicy(UnitAuditor, p => p.RequireAuthenticatedUser().AddRequirements(
            new TwoFactorRequirement(), new UnitRoleRequirement(PortalRole.Auditor)));
        options.AddPolicy(SystemAdmin, p => p.RequireAuthenticatedUser().AddRequirements(
            new TwoFactorRequirement(), new UnitRoleRequirement()));
    }
}

/// <summary>The user holds one of the roles in the unit named by the route (an empty list: system admins only).</summary>
public sealed class UnitRoleRequirement(params PortalRole[] roles) : IAuthorizationRequirement
{
    public IReadOnlyCollection<PortalRole> Roles { get; } = roles;
}

/// <summary>The user signed in with a second factor.</summary>
public sealed class TwoFactorRequirement : IAuthorizationRequirement;
