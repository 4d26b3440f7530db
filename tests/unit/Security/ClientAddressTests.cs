using System.Net;
using Microsoft.AspNetCore.Http;
using Services.Web.Security;

namespace Services.Tests.Unit.Security;

/// <summary>Limits count a client by its trusted address; an IPv6 client is its /64, so rotating within it changes nothing.</summary>
public sealed class ClientAddressTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void AClientIsItsAddressOrItsIPv6Slash64(string remote, string expected)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        Assert.Equal(expected, ClientAddress.Of(context));
    }
}
