using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Services.Web.Security;

/// <summary>
/// Counts the page's POSTs (optionally one handler's, or only those carrying files) per client under a
/// <see cref="ThrottleRule"/>; beyond the limit the answer is the 429 page with Retry-After. GETs never count.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class ThrottledAttribute(string rule) : Attribute, IFilterFactory
{
    /// <summary>Only this handler (e.g. "Save" for <c>OnPostSaveAsync</c>); every POST when null.</summary>
    public string? Handler { get; init; }

    public bool OnlyWithFiles { get; init; }

    public bool IsReusable => true;

    public IFilterMetadata CreateInstance(IServiceProvider serviceProvider) => new ThrottleFilter(Rule(rule), Handler, OnlyWithFiles);

    private static ThrottleRule Rule(string name) => name switch
    {
        "register-client" => ThrottleRules.RegisterPerClient,
        "forgot-password-client" => ThrottleRules.ForgotPasswordPerClient,
        "draft-client" => ThrottleRules.DraftsPerClient,
        "resume-mail-client" => ThrottleRules.ResumeMailsPerClient,
        "upload-client" => ThrottleRules.UploadsPerClient,
        "sign-in-client" => ThrottleRules.SignInPerClient,
        "consultation-comment-client" => ThrottleRules.ConsultationCommentsPerClient, // consult (issue 13)
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such throttle rule."),
    };

    private sealed class ThrottleFilter(ThrottleRule rule, string? handler, bool onlyWithFiles) : IAsyncPageFilter
    {
        public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

        public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
        {
            var request = context.HttpContext.Request;
            if (!HttpMethods.IsPost(request.Method)
                || (handler is not null && !string.Equals(context.HandlerMethod?.Name, handler, StringComparison.Ordinal))
                || (onlyWithFiles && !(request.HasFormContentType && request.Form.Files.Any(f => f.Length > 0))))
            {
                await next();
                return;
            }

            var services = context.HttpContext.RequestServices;
            var throttle = services.GetRequiredService<RequestThrottle>();
            var count = await throttle.HitAsync(rule.From(services.GetRequiredService<IConfiguration>()), ClientAddress.Of(context.HttpContext),
                context.HttpContext.RequestAborted);
            if (count.Exceeded)
            {
                context.Result = TooManyRequests(context.HttpContext, count.RetryAfter(throttle.Now));
                return;
            }

            await next();
        }
    }

    /// <summary>The 429 page (rendered by the error page in the visitor's language) with Retry-After in whole seconds.</summary>
    public static IActionResult TooManyRequests(HttpContext context, TimeSpan retryAfter)
    {
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new StatusCodeResult(StatusCodes.Status429TooManyRequests);
    }
}
