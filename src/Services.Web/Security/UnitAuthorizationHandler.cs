using Microsoft.AspNetCore.Authorization;
using Services.Web.Units;

namespace Services.Web.Security;

internal sealed class UnitAuthorizationHandler(UnitDirectory units) : IAuthorizationHandler
{
    public async Task HandleAsync(AuthorizationHandlerContext context)
    {
        foreach (var requirement in context.PendingRequirements.ToList())
        {
            switch (requirement)
            {
                case TwoFactorRequirement when context.User.SignedInWithTwoFactor():
                    context.Succeed(requirement);
                    break;
                case UnitRoleRequirement unitRole:
                    if (await IsSatisfiedAsync(context, unitRole))
                    {
                        context.Succeed(requirement);
                    }

                    break;
            }
        }
    }

    private async Task<bool> IsSatisfiedAsync(AuthorizationHandlerContext context, UnitRoleRequirement requirement)
    {
        if (context.User.IsSystemAdmin())
        {
            return true;
        }

        if (requirement.Roles.Count == 0 || context.Resource is not HttpContext http || http.GetRouteValue("unit") is not string slug)
        {
            return false;
        }

        var unit = await units.FindBySlugAsync(slug, http.RequestAborted);
        return unit is not null && context.User.HasRoleIn(unit.Id, requirement.Roles);
    }
}
