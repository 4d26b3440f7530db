using Services.Web.Security;

namespace Services.Tests.Unit.Security;

public sealed class TotpTests
{
    // RFC 6238 appendix B: SHA-1 secret "12345678901234567890"; the 6-digit code is the last six digits of the 8-digit vector.
    private const string RfcSecretBase32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    [Theory]
    [InlineData(59, "287082")]
    [InlineData(1111111109, "081804")]
    [InlineData(1111111111, "050471")]
    [InlineData(1234567890, "005924")]
    [InlineData(2000000000, "279037")]
    public void ProducesTheRfc6238CodesForTheReferenceSecret(long unixSeconds, string expected) =>
        Assert.Equal(expected, Totp.Code(RfcSecretBase32, DateTimeOffset.FromUnixTimeSeconds(unixSeconds)));

    [Fact]
    public void CodeStaysTheSameWithinAThirtySecondWindowAndChangesAfterIt()
    {
        var start = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        Assert.Equal(Totp.Code(RfcSecretBase32, start), Totp.Code(RfcSecretBase32, start.AddSeconds(29)));
        Assert.NotEqual(Totp.Code(RfcSecretBase32, start), Totp.Code(RfcSecretBase32, start.AddSeconds(30)));
    }

    [Fact]
    public void Base32AcceptsLowerCaseSpacesAndPadding() =>
        Assert.Equal(Totp.Base32Decode("GEZDGNBV"), Totp.Base32Decode("gezd gnbv=="));

    [Fact]
    public void Base32RejectsCharactersOutsideTheAlphabet() =>
        Assert.Throws<FormatException>(() => Totp.Base32Decode("GEZD1NBV"));
}
