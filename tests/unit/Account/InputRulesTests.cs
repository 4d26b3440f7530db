using Services.Web.Pages.Account;

namespace Services.Tests.Unit.Account;

public sealed class InputRulesTests
{
    [Fact]
    public void TextIsTrimmedAndComposedToNfc() =>
        // "Nguyễn" typed with combining marks (e + circumflex + tilde) becomes the precomposed form.
        Assert.Equal("Nguy\u1EC5n", InputRules.Clean("  Nguye\u0302\u0303n "));

    [Fact]
    public void LoneSurrogateIsRefused() =>
        // Built in code: attribute arguments cannot carry a lone surrogate intact.
        Assert.Null(InputRules.Clean("Nguy" + (char)0xD800 + "n"));

    [Fact]
    public void SurrogatePairIsKept() => Assert.Equal("Lan 😀", InputRules.Clean("Lan 😀"));

    [Fact]
    public void ControlCharactersAreRefused() => Assert.Null(InputRules.Clean("Lan\u0007"));

    [Theory]
    [InlineData("Lan\u202Eanh")] // right-to-left override
    [InlineData("Lan\u2066anh")] // left-to-right isolate
    [InlineData("Lan\u200Banh")] // zero-width space
    [InlineData("Lan\uFFFD")] // what invalid UTF-8 decodes to
    [InlineData("L%FF%FEn")] // invalid UTF-8 that the form reader leaves percent-encoded
    public void InvisibleFormattingAndReplacementCharactersAreRefused(string value) => Assert.Null(InputRules.Clean(value));

    [Theory]
    [InlineData("", "Validation.EmailRequired")]
    [InlineData("khong-phai-email", "Validation.EmailInvalid")]
    [InlineData("Lan <lan@example.com>", "Validation.EmailInvalid")]
    [InlineData("abcdefgh", "Validation.EmailInvalid")]
    [InlineData("a@b.vn, c@d.vn", "Validation.EmailInvalid")]
    [InlineData("a@b.vn;c@d.vn", "Validation.EmailInvalid")]
    [InlineData("lan@localhost", "Validation.EmailInvalid")]
    [InlineData("lan\u202E@example.com", "Validation.InvalidText")]
    [InlineData("l\uFFFDn@example.com", "Validation.InvalidText")]
    public void BadEmailAddressesAreNamed(string value, string expectedKey) =>
        Assert.Equal(expectedKey, Assert.Single(InputRules.Email("Email", value)).ResourceKey);

    [Fact]
    public void OverlongEmailIsRefused() =>
        Assert.Equal("Validation.EmailTooLong", Assert.Single(InputRules.Email("Email", new string('a', 250) + "@example.com")).ResourceKey);

    [Fact]
    public void PlainEmailAddressPasses() => Assert.Empty(InputRules.Email("Email", " lan@example.com "));

    [Theory]
    [InlineData("123 456", "123456")]
    [InlineData(" 123456 ", "123456")]
    [InlineData("ab12c-3de4f", "ab12c-3de4f")]
    public void CodesAreReadAsPeopleTypeThem(string typed, string expected) => Assert.Equal(expected, InputRules.CompactCode(typed));

    [Fact]
    public void RegistrationRequiresMatchingPasswords()
    {
        var form = new RegisterForm { FullName = "Lê Văn An", Email = "an@example.com", Password = "MatKhauDai2026", ConfirmPassword = "MatKhau2025" };
        Assert.Equal(nameof(RegisterForm.ConfirmPassword), Assert.Single(form.Validate()).Field);
    }
}
