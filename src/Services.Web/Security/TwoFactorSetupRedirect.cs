using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Services.Web.Security;

/// <summary>
/// A staff member who signed in without a second factor is sent to set one up (or to enter the code),
/// rather than shown a bare 403; every other refusal keeps its status code.
/// </summary>
internal sealed class TwoFactorSetupRedirect : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        // Only users who hold a role are sent to set-up: a citizen on a staff page is simply refused (403).
        if (result.Forbidden && context.User.Identity?.IsAuthenticated == true && context.User.NeedsTwoFactor()
            && !context.User.SignedInWithTwoFactor() && policy.Requirements.OfType<TwoFactorRequirement>().Any())
        {
            var returnUrl = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
            context.Response.Redirect($"{context.Request.PathBase}/tai-khoan/xac-thuc-hai-buoc/thiet-lap?returnUrl={Uri.EscapeDataString(returnUrl)}");
            return Task.CompletedTask;
        }

        return _default.HandleAsync(next, context, policy, result);
    }
}
