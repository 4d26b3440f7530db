namespace Services.Data.Security;

/// <summary>
/// One counter of a rate limit or failure limit (e.g. lookups from one network, failed lookups of one tracking code),
/// in PostgreSQL so every web node counts the same attempts.
/// </summary>
public sealed class ThrottleCounter
{
    /// <summary>The rule's name and the subject it counts, e.g. <c>lookup-code:HS-2026-000123</c>.</summary>
    public required string Key { get; set; }
    public int Hits { get; set; }
    public DateTimeOffset WindowEndsAt { get; set; }
}
