using Services.Workflows.Forms;

namespace Services.Tests.Unit.Workflows.Forms;

public sealed class CleanTextTests
{
    [Fact]
    public void Text_is_stored_in_NFC_and_trimmed()
    {
        var decomposed = "  Nguye\u0302\u0303n  "; // "Nguyễn" with combining marks
        var (value, problem) = CleanText.Check(decomposed, 100, allowLineBreaks: false);
        Assert.Null(problem);
        Assert.Equal("Nguyễn", value);
        Assert.Equal("Nguyễn".Length, value.Length);
    }

    [Theory]
    [InlineData("Lan\u202Egnp.exe")]
    [InlineData("Lan\u2066x\u2069")]
    [InlineData("Lan\u200F")]
    [InlineData("Lan\u0000")]
    [InlineData("Lan\uFFFD")]
    [InlineData("Lan\uD800")]
    public void Control_bidi_and_broken_characters_are_refused(string text) =>
        Assert.Equal(CleanTextProblem.InvalidCharacters, CleanText.Check(text, 100, allowLineBreaks: true).Problem);

    [Fact]
    public void Line_breaks_only_where_allowed_and_limits_counted_after_cleaning()
    {
        Assert.Null(CleanText.Check("dòng 1\ndòng 2", 100, allowLineBreaks: true).Problem);
        Assert.Equal(CleanTextProblem.InvalidCharacters, CleanText.Check("dòng 1\ndòng 2", 100, allowLineBreaks: false).Problem);
        Assert.Null(CleanText.Check("  abc  ", 3, allowLineBreaks: false).Problem);
        Assert.Equal(CleanTextProblem.TooLong, CleanText.Check("abcd", 3, allowLineBreaks: false).Problem);
        Assert.Equal(CleanTextProblem.Empty, CleanText.Check("   ", 3, allowLineBreaks: false).Problem);
        Assert.Equal(CleanTextProblem.Empty, CleanText.Check(null, 3, allowLineBreaks: false).Problem);
    }
}
