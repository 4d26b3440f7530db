using System.Net;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;

namespace Services.Web.Security;

/// <summary>
/// Which requests may speak for others. Forwarded headers (client address, scheme) are honoured only from the proxies
/// listed in <c>Portal:TrustedProxies</c> (addresses or networks such as 10.0.0.0/8) — none by default, not even
/// loopback — so rotating X-Forwarded-For cannot escape the per-client limits. The Host header is checked against
/// <c>AllowedHosts</c>, by default the public address's host and loopback names.
/// </summary>
public static class TrustedProxies
{
    public const string SettingName = "Portal:TrustedProxies";

    public static void Configure(ForwardedHeadersOptions options, IConfiguration configuration)
    {
        // X-Forwarded-Host is never honoured: nothing in the portal needs the original host (see PublicLinks).
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var entry in configuration.GetSection(SettingName).Get<string[]>() ?? [])
        {
            if (entry.Contains('/', StringComparison.Ordinal))
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(entry));
            }
            else
            {
                options.KnownProxies.Add(IPAddress.Parse(entry));
            }
        }

        // With both lists empty the middleware would believe everyone, so no proxy means no forwarded header at all.
        if (options.KnownProxies.Count == 0 && options.KnownIPNetworks.Count == 0)
        {
            options.ForwardedHeaders = ForwardedHeaders.None;
        }

        // One hop per configured proxy layer; a client cannot prepend addresses the proxy would then vouch for.
        options.ForwardLimit = 1;
    }

    public static void ConfigureAllowedHosts(HostFilteringOptions options, IConfiguration configuration, PublicLinks links)
    {
        if (!string.IsNullOrWhiteSpace(configuration["AllowedHosts"]))
        {
            return; // the operator's list, as ASP.NET Core reads it
        }

        options.AllowedHosts = [links.Origin.Host, "localhost", "127.0.0.1", "[::1]"];
    }
}
