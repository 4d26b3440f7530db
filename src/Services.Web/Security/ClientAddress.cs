using System.Net;
using System.Net.Sockets;

namespace Services.Web.Security;

/// <summary>
/// The client a limit is counted against: the connection's address after <see cref="TrustedProxies"/> (so a forged
/// X-Forwarded-For changes nothing), with IPv6 cut to its /64 — one household or server gets a whole /64, and
/// counting single addresses there would let it rotate through billions of them.
/// </summary>
public static class ClientAddress
{
    public static string Of(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
