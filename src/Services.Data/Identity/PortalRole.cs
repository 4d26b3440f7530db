namespace Services.Data.Identity;

/// <summary>Roles are held per unit (see <see cref="UnitMembership"/>); a citizen holds none.</summary>
public enum PortalRole
{
    Staff,
    Editor,
    Approver,
    UnitAdmin,
    DistrictOfficer,
    Auditor,
    SystemAdmin,
}
