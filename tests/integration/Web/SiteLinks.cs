using System.Net;
using System.Text.RegularExpressions;

namespace Services.Tests.Integration.Web;

/// <summary>The same-site links of a page, as the walks over the whole portal follow them.</summary>
public static partial class SiteLinks
{
    /// <summary>Same-site links of a page: relative to the root, without fragments; sign-out and downloads by POST are forms, not links.</summary>
    public static IEnumerable<string> Of(string html)
    {
        foreach (Match match in HrefPattern().Matches(html))
        {
            var href = WebUtility.HtmlDecode(match.Groups[1].Value);
            if (!href.StartsWith('/') || href.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            var hash = href.IndexOf('#', StringComparison.Ordinal);
            var path = hash < 0 ? href : href[..hash];
            // Every page links to sign-in with its own address to come back to: one sign-in page, not one per page.
            var back = path.IndexOf("?returnUrl=", StringComparison.Ordinal);
            path = back < 0 ? path : path[..back];
            if (path.Length > 0 && !path.StartsWith("/lib/", StringComparison.Ordinal) && !path.StartsWith("/css/", StringComparison.Ordinal)
                && !path.StartsWith("/js/", StringComparison.Ordinal))
            {
                yield return path;
            }
        }
    }

    [GeneratedRegex("<a\\b[^>]*\\shref=\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex HrefPattern();
}
