namespace Services.Web.Security;

/// <summary>
/// Every limit the portal applies, with its defaults (each can be changed under <c>Portal:Limits:{name}</c>). Limits
/// per client count the trusted client address (<see cref="ClientAddress"/>); limits per account or per looked-up
/// code count that subject whoever asks.
/// </summary>
public static class ThrottleRules
{
    public static readonly ThrottleRule SignInPerClient = new("sign-in-client", 30, TimeSpan.FromMinutes(15));

    /// <summary>Wrong passwords for one account from one client: beyond this the client is refused, the owner is not.</summary>
    public static readonly ThrottleRule SignInFailuresPerAccountAndClient = new("sign-in-account-client", 5, TimeSpan.FromMinutes(15));

    /// <summary>Wrong passwords for one account from anywhere: beyond this every attempt is slowed down, never refused.</summary>
    public static readonly ThrottleRule SignInFailuresPerAccount = new("sign-in-account", 50, TimeSpan.FromHours(1));

    public static readonly ThrottleRule RegisterPerClient = new("register-client", 10, TimeSpan.FromHours(1));
    public static readonly ThrottleRule ForgotPasswordPerClient = new("forgot-password-client", 10, TimeSpan.FromHours(1));

    /// <summary>Reset mails to one address: more are silently not sent (the page answers the same), so nobody is mail-bombed.</summary>
    public static readonly ThrottleRule ResetMailsPerAddress = new("reset-mail-address", 3, TimeSpan.FromHours(1));

    public static readonly ThrottleRule DraftsPerClient = new("draft-client", 30, TimeSpan.FromHours(1));
    public static readonly ThrottleRule ResumeMailsPerClient = new("resume-mail-client", 10, TimeSpan.FromHours(1));
    public static readonly ThrottleRule UploadsPerClient = new("upload-client", 60, TimeSpan.FromHours(1));

    // consult (issue 13): comments and reports on public consultations, per client.
    public static readonly ThrottleRule ConsultationCommentsPerClient = new("consultation-comment-client", 20, TimeSpan.FromHours(1));

    /// <summary>Lookups (dossier status; results and certificates to come) answered per client; a plain GET is free.</summary>
    public static readonly ThrottleRule LookupsPerClient = new("lookup-client", 20, TimeSpan.FromMinutes(1));

    /// <summary>Failed second factors for one looked-up code: slowed after <see cref="LookupSlowAfter"/>, locked beyond the limit.</summary>
    public static readonly ThrottleRule LookupFailuresPerCode = new("lookup-code", 10, TimeSpan.FromHours(24));

    public const int LookupSlowAfter = 3;
}
