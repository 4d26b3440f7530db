using System.Globalization;

namespace Services.Web.Localization;

/// <summary>
/// Vietnamese is the default; English lives under <c>/en/…</c>. The prefix becomes part of the request's
/// PathBase, so every link the pages generate stays in the language the visitor chose.
/// </summary>
public sealed class CulturePathMiddleware(RequestDelegate next)
{
    public static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public Task InvokeAsync(HttpContext context)
    {
        var culture = Vietnamese;
        // An error page re-executed for an English request (the exception handler runs before this middleware and
        // keeps the PathBase it added) stays English.
        if (context.Request.PathBase.Value?.EndsWith("/en", StringComparison.OrdinalIgnoreCase) == true)
        {
            culture = English;
        }
        else if (context.Request.Path.StartsWithSegments("/en", StringComparison.OrdinalIgnoreCase, out var rest))
        {
            context.Request.PathBase = context.Request.PathBase.Add("/en");
            context.Request.Path = rest.HasValue ? rest : "/";
            culture = English;
        }

        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
        return next(context);
    }

    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
}
