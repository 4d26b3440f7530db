using Services.Workflows.Forms;

namespace Services.Tests.Unit.Workflows.Forms;

public sealed class UrlSlugTests
{
    [Theory]
    [InlineData("xin-nghi-hoc", true)]
    [InlineData("lop-10a1", true)]
    [InlineData("Xin-nghi", false)]
    [InlineData("xin--nghi", false)]
    [InlineData("-xin", false)]
    [InlineData("xin-", false)]
    [InlineData("nghỉ", false)]
    [InlineData("../x", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_lower_case_ASCII_words_joined_by_single_dashes(string? text, bool valid) => Assert.Equal(valid, UrlSlug.IsValid(text));
}
