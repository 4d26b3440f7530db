using Services.Web.Security;

namespace Services.Tests.Unit.Security;

public sealed class TotpTests
{
    // RFC 6238 appendix B, SHA-1, secret "12345678901234567890"; authenticator apps show the last six digits.
    private const string RfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    [Theory]
    [InlineData(59, "287082")]
    [InlineData(1111111109, "081804")]
    [InlineData(1234567890, "005924")]
    [InlineData(2000000000, "279037")]
    public void CodesMatchTheRfc6238TestVectors(long unixSeconds, string expected) =>
        Assert.Equal(expected, Totp.Code(RfcSecret, DateTimeOffset.FromUnixTimeSeconds(unixSeconds)));

    [Fact]
    public void KeyIsReadTheWayPeopleTypeIt() =>
        Assert.Equal(
            Totp.Code(RfcSecret, DateTimeOffset.FromUnixTimeSeconds(59)),
            Totp.Code("gezd gnbv gy3t qojq gezd gnbv gy3t qojq", DateTimeOffset.FromUnixTimeSeconds(59)));

    [Fact]
    public void KeyWithCharactersOutsideBase32IsRefused() =>
        Assert.Throws<FormatException>(() => Totp.Code("GEZD1GNB", DateTimeOffset.UnixEpoch));
}
