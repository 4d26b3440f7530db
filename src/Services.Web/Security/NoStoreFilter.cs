using Microsoft.AspNetCore.Mvc.Filters;

namespace Services.Web.Security;

/// <summary>
/// <c>Cache-Control: no-store</c> on every page that may show personal data (finding 9): every page for a signed-in
/// visitor (the layout names them; staff pages list dossiers), and for anyone the pages of an application, the status
/// lookup, a receipt's verification and the account pages. A shared computer's back button or a proxy then keeps
/// nothing. Public information pages stay cacheable for anonymous visitors.
/// </summary>
public sealed class NoStoreFilter : IAsyncPageFilter
{
    /// <summary>Page folders whose answers carry an applicant's data or a secret (draft, reset or confirmation links).</summary>
    private static readonly string[] PersonalFolders =
        ["/GenericForms/", "/StudentStatus/", "/Portal/Tracking/", "/Portal/Verification/", "/Account/"];

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var path = context.ActionDescriptor.ViewEnginePath;
        if (context.HttpContext.User.Identity?.IsAuthenticated == true || PersonalFolders.Any(f => path.StartsWith(f, StringComparison.Ordinal)))
        {
            var headers = context.HttpContext.Response.Headers;
            headers.CacheControl = "no-store";
            headers.Pragma = "no-cache";
        }

        return next();
    }
}
