using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;
using Services.Web.Localization;
using Services.Web.Units;

namespace Services.Web.Pages.Errors;

/// <summary>The one error page: 404, 403, 429, 500 and 503 (database unreachable), with the right status code.</summary>
[IgnoreAntiforgeryToken]
[RendersWithoutDatabase]
public sealed class StatusModel(IStringLocalizer<SharedResource> t) : PageModel
{
    public string Title { get; private set; } = "";
    public string Message { get; private set; } = "";

    public IActionResult OnGet(int code) => Render(code);

    public IActionResult OnPost(int code) => Render(code);

    private PageResult Render(int code)
    {
        var error = HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
        if (error is NpgsqlException or TimeoutException || error?.InnerException is NpgsqlException)
        {
            code = StatusCodes.Status503ServiceUnavailable;
        }

        code = code is 403 or 404 or 429 or 503 ? code : (code >= 500 || error is not null ? 500 : 400);
        Response.StatusCode = code;
        // "Come back later" pages say when; a throttle that refused the request has already said exactly when.
        if (code is 429 or 503 && !Response.Headers.ContainsKey("Retry-After"))
        {
            Response.Headers.RetryAfter = code == 429 ? "60" : "30";
        }

        Title = t[$"Error.{code}.Title"];
        Message = t[$"Error.{code}.Message"];
        return Page();
    }
}
