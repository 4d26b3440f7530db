namespace Services.Web.Security;

/// <summary>
/// The one place that builds absolute links that leave the site (account e-mails, resume links, the stored status
/// URL, receipts' QR codes). They come only from <c>Portal:PublicBaseUrl</c>, never from the request's Host or
/// forwarded headers, so a forged Host cannot send a reset token or a resume link to another site (S6).
/// </summary>
public sealed class PublicLinks
{
    public const string SettingName = "Portal:PublicBaseUrl";

    /// <summary>Where <c>dotnet run</c> in Development listens; used only there, and only when nothing is configured.</summary>
    private const string DevelopmentDefault = "http://localhost:5000";

    public PublicLinks(IConfiguration configuration, IHostEnvironment environment)
    {
        Origin = ReadOrigin(configuration, environment);
    }

    /// <summary>Scheme, host and port of the public address, without a trailing slash.</summary>
    public Uri Origin { get; }

    public static bool IsHttpsConfigured(IConfiguration configuration) =>
        configuration[SettingName]?.Trim().StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true;

    /// <param name="sitePath">A path that already carries the PathBase (e.g. from <c>Url.Content("~/…")</c>).</param>
    public string To(string sitePath) => Origin.GetLeftPart(UriPartial.Authority) + sitePath;

    /// <summary>
    /// The configured public address, checked. Outside Development the portal refuses to start without one: any
    /// fallback would have to come from a request, which is what an attacker controls.
    /// </summary>
    public static Uri ReadOrigin(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration[SettingName];
        if (string.IsNullOrWhiteSpace(configured))
        {
            if (environment.IsDevelopment())
            {
                return new Uri(DevelopmentDefault);
            }

            throw new InvalidOperationException(
                $"{SettingName} is not set. Set it to the address citizens use (e.g. https://dichvucong.example.gov.vn): " +
                "links in e-mails and receipts are built from it, never from the request.");
        }

        if (!Uri.TryCreate(configured.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.UserInfo) || uri.AbsolutePath != "/")
        {
            throw new InvalidOperationException($"{SettingName} must be an http(s) origin such as https://dichvucong.example.gov.vn, not '{configured}'.");
        }

        return new Uri(uri.GetLeftPart(UriPartial.Authority));
    }
}
