using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Services.Web.Localization;
using Services.Workflows.Notifications;

namespace Services.Web.Security;

/// <summary>
/// Guards every "number + second factor" lookup (dossier status now; exam results and certificates later) against
/// guessing (S3, finding 2). Each answered lookup counts against the client (trusted address, IPv6 /64); each failed
/// second factor counts against the looked-up code itself, whoever asks: after a few failures answers slow down, and
/// beyond the limit the code is locked for the rest of the window and its owner is told by e-mail. Both counters live
/// in PostgreSQL, so they hold across web nodes; the per-code ones are read from this node's
/// <see cref="LookupFailureMirror"/> while it is live, from the database otherwise (ADR 0038).
/// </summary>
public sealed class LookupGuard(RequestThrottle throttle, LookupFailureMirror mirror, IConfiguration configuration, IMailSender mail, IStringLocalizer<SharedResource> t,
    ILogger<LookupGuard> logger)
{
    /// <summary>How long each failure beyond the slow-down threshold adds to the answer, up to <see cref="MaxDelay"/>.</summary>
    private static readonly TimeSpan DelayStep = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(4);

    // The limits are read once: they are the node's settings, and a rush of lookups should not walk the configuration each time.
    private readonly ThrottleRule _perClient = ThrottleRules.LookupsPerClient.From(configuration);
    private readonly ThrottleRule _perCode = ThrottleRules.LookupFailuresPerCode.From(configuration);
    private readonly HashSet<string> _exemptAddresses = ExemptAddresses(configuration);

    /// <summary>Call before checking the factors; a non-null result (the 429 page) is the whole answer.</summary>
    /// <param name="kind">Which lookup ("dossier", "result", "certificate"): codes of different kinds never share a counter.</param>
    public async Task<IActionResult?> BeforeAsync(HttpContext context, string kind, string code, CancellationToken ct)
    {
        var address = ClientAddress.Of(context);
        if (!_exemptAddresses.Contains(address))
        {
            var client = await throttle.HitAsync(_perClient, address, ct);
            if (client.Exceeded)
            {
                return ThrottledAttribute.TooManyRequests(context, client.RetryAfter(throttle.Now));
            }
        }

        var subject = Subject(kind, code);
        var failures = mirror.IsLive ? mirror.CountOf(_perCode, RequestThrottle.Key(_perCode, subject)) : await throttle.PeekAsync(_perCode, subject, ct);
        if (failures.Hits >= _perCode.Limit)
        {
            return ThrottledAttribute.TooManyRequests(context, failures.RetryAfter(throttle.Now));
        }

        if (failures.Hits >= ThrottleRules.LookupSlowAfter)
        {
            var delay = DelayStep * (failures.Hits - ThrottleRules.LookupSlowAfter + 1);
            await Task.Delay(delay < MaxDelay ? delay : MaxDelay, ct);
        }

        return null;
    }

    /// <summary>
    /// Counts a failed second factor and announces it to every node's mirror, this node's at once; on the failure that
    /// locks the code, tells the owner when an address is on file.
    /// </summary>
    public async Task FailedAsync(string kind, string code, string? ownerEmail, CancellationToken ct)
    {
        var subject = Subject(kind, code);
        // Other nodes need a count only once it changes an answer (slows it down or locks the code): the first failures of
        // a mistyped date are kept in the database and this node's mirror without a notification to every node.
        var failures = await throttle.HitAndAnnounceAsync(_perCode, subject, LookupFailureListener.Channel,
            Math.Min(ThrottleRules.LookupSlowAfter, _perCode.Limit), ct);
        mirror.Apply(RequestThrottle.Key(_perCode, subject), failures.Hits, failures.WindowEndsAt);
        if (failures.Hits != _perCode.Limit)
        {
            return;
        }

        logger.LogWarning("Lookup of {Kind} {Code} locked after {Failures} failed attempts", kind, code, failures.Hits);
        if (!string.IsNullOrWhiteSpace(ownerEmail))
        {
            var until = VietnamTime.DateTime(failures.WindowEndsAt);
            await mail.SendAsync(new MailMessageRequest(ownerEmail, t["Lookup.LockedMail.Subject", code], t["Lookup.LockedMail.Body", code, until],
                MessageId: $"lookup-locked-{kind}-{code}-{failures.WindowEndsAt.ToUnixTimeSeconds()}"), ct);
        }
    }

    private static string Subject(string kind, string code) => $"{kind}:{code}";

    /// <summary>
    /// Addresses the per-client limit does not count (<c>Portal:Limits:lookup-client:ExemptAddresses</c>, comma
    /// separated; e.g. a load generator on loopback, ADR 0024). The per-code lock still holds for them.
    /// </summary>
    private static HashSet<string> ExemptAddresses(IConfiguration configuration) =>
        new((configuration[$"Portal:Limits:{ThrottleRules.LookupsPerClient.Name}:ExemptAddresses"] ?? "")
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
}
