using Services.Workflows.Dossiers;

namespace Services.Tests.Unit.Dossiers;

/// <summary>What the desk's search box searches for: a code and a name always, a phone number only when it reads as one.</summary>
public sealed class DeskSearchTests
{
    [Theory]
    [InlineData("0912 345 678", "0912345678")]
    [InlineData("+84 912.345.678", "84912345678")]
    [InlineData("(028) 3822-1234", "02838221234")]
    [InlineData("HS-26-JTBZ-CX9N", null)]
    [InlineData("Lê Thị Hoa", null)]
    [InlineData("Hoa 0912", null)]
    public void APhoneIsSearchedOnlyWhenTheTextReadsAsOne(string text, string? digits)
    {
        var search = DeskSearch.Parse(text);
        Assert.NotNull(search);
        Assert.Equal(digits, search.Digits);
        Assert.Equal(text.Trim().ToUpperInvariant(), search.Code);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void NothingTypedIsNoSearch(string? text) => Assert.Null(DeskSearch.Parse(text));
}
