namespace Services.Web.Security;

/// <summary>
/// Absolute links that leave the site (e-mails, receipts' QR codes). With <c>Portal:PublicBaseUrl</c> set they never
/// depend on the request's Host header, so a forged Host cannot send a token or a resume link to another site.
/// </summary>
public sealed class PublicLinks(IConfiguration configuration)
{
    /// <param name="sitePath">A path that already carries the PathBase (e.g. from <c>Url.Content("~/…")</c>).</param>
    public string To(HttpRequest request, string sitePath)
    {
        var configured = configuration["Portal:PublicBaseUrl"];
        var origin = string.IsNullOrWhiteSpace(configured) ? $"{request.Scheme}://{request.Host}" : configured.TrimEnd('/');
        return origin + sitePath;
    }
}
