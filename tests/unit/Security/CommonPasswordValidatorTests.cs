using Services.Web.Security;

namespace Services.Tests.Unit.Security;

/// <summary>Finding 12: twelve characters are not enough when they are the ones every attacker tries first.</summary>
public sealed class CommonPasswordValidatorTests
{
    [Theory]
    [InlineData("password2026")]
    [InlineData("matkhau123456")]
    [InlineData("qwertyuiop12")]
    [InlineData("123456789012")]
    [InlineData("aaaaaaaaaaaa")]
    [InlineData("abcdefghijkl")]
    [InlineData("anhyeuem1234")]
    [InlineData("nguyenvanan2026")]
    public void GuessablePasswordsAreRefused(string compact) =>
        Assert.True(CommonPasswordValidator.IsCommon(compact, "nguyenvanan@example.vn"));

    [Theory]
    [InlineData("bachdang2026")]
    [InlineData("matkhaudai2026")]
    [InlineData("conmeocondai7")]
    public void OrdinaryLongPasswordsPass(string compact) =>
        Assert.False(CommonPasswordValidator.IsCommon(compact, "nguyenvanan@example.vn"));
}
