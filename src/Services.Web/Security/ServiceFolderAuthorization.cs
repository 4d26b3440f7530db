using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace Services.Web.Security;

/// <summary>
/// Who may open a page follows from its folder, in the shared folders and in every service's own
/// (<c>Pages/&lt;Service&gt;/Staff</c>, <c>Pages/&lt;Service&gt;/Admin</c>, ADR 0008): a service's staff or admin page is
/// protected by being put there, never by an attribute someone may forget or put on the wrong class.
/// </summary>
internal sealed class ServiceFolderAuthorization : IPageApplicationModelConvention
{
    private static readonly Dictionary<string, string> PolicyByFolder = new(StringComparer.Ordinal)
    {
        ["Staff"] = PortalPolicies.UnitStaff,
        ["Admin"] = PortalPolicies.UnitAdmin,
        ["Audit"] = PortalPolicies.UnitAuditor,
        ["Workplace"] = PortalPolicies.AnyUnitRole,
        ["Editorial"] = PortalPolicies.UnitEditorial, // content: the editorial board's pages
    };

    public void Apply(PageApplicationModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var folders = model.ViewEnginePath.Split('/', StringSplitOptions.RemoveEmptyEntries)[..^1];
        // The first shared folder (/Staff/…) or a service's own (/GenericForms/Admin/…): nothing deeper counts.
        foreach (var folder in folders.Take(2))
        {
            if (PolicyByFolder.TryGetValue(folder, out var policy))
            {
                model.EndpointMetadata.Add(new AuthorizeAttribute(policy));
                return;
            }
        }
    }
}
