using System.Text.RegularExpressions;
using Serilog.Context;

namespace Services.Web.Observability;

/// <summary>
/// Gives every request a correlation id (the caller's <c>X-Correlation-Id</c> when it is sane, else a new one), echoes
/// it in the response and puts it on every log line of the request, the request line of Serilog's included.
/// </summary>
public sealed partial class CorrelationIdMiddleware(RequestDelegate next)
{
    public const string Header = "X-Correlation-Id";
    public const string Property = "CorrelationId";

    public async Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[Header].ToString();
        var correlationId = SafeId().IsMatch(incoming) ? incoming : Guid.NewGuid().ToString("N");
        context.TraceIdentifier = correlationId;
        context.Response.Headers[Header] = correlationId;
        using (LogContext.PushProperty(Property, correlationId))
        {
            await next(context);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9-]{8,64}$")]
    private static partial Regex SafeId();
}
