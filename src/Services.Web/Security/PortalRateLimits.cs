using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Services.Web.Security;

/// <summary>Per-client limits on the pages that answer "does this exist?" (dossier, results and certificate lookups).</summary>
public static class PortalRateLimits
{
    public const string Lookup = nameof(Lookup);

    public static void Add(RateLimiterOptions options, IConfiguration configuration)
    {
        var perMinute = configuration.GetValue("Portal:LookupsPerMinute", 20);
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.AddPolicy(Lookup, context => RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    }
}
