using System.Globalization;
using System.Text;
using Services.Workflows.Dossiers.Attachments;

namespace Services.Tests.Unit.Dossiers;

public sealed class AttachmentFileNameTests
{
    [Theory]
    [InlineData("../../etc/passwd", "passwd.pdf")]
    [InlineData("..\\..\\Windows\\system32\\đơn.pdf", "đơn.pdf")]
    [InlineData("C:\\Users\\Lan\\Desktop\\Giấy khai sinh.pdf", "Giấy khai sinh.pdf")]
    [InlineData("..", "tep-dinh-kem.pdf")]
    [InlineData("", "tep-dinh-kem.pdf")]
    [InlineData(null, "tep-dinh-kem.pdf")]
    [InlineData(".bashrc.pdf", "bashrc.pdf")]
    [InlineData("<script>alert(1)</script>.pdf", "script_.pdf")]
    [InlineData("<img src=x onerror=alert(1)>.pdf", "_img src=x onerror=alert(1)_.pdf")]
    [InlineData("Đơn   xin\tnghỉ học.PDF", "Đơn xin nghỉ học.pdf")]
    [InlineData("bao cao.exe", "bao cao.exe.pdf")]
    public void Names_lose_folders_and_dangerous_characters_but_keep_Vietnamese(string? input, string expected)
    {
        Assert.Equal(expected, AttachmentFileName.Sanitize(input, DetectedType.Pdf));
    }

    [Fact]
    public void Control_and_bidirectional_override_characters_are_removed()
    {
        // U+202E would display "don\u202Efdp.exe" as "donexe.pdf".
        Assert.Equal("donfdp.exe.pdf", AttachmentFileName.Sanitize("do\u0000n\u202Efdp.exe\r\n", DetectedType.Pdf));
    }

    [Fact]
    public void Decomposed_Vietnamese_is_normalised_to_composed_form()
    {
        var decomposed = "Phúc khảo bài thi.pdf".Normalize(NormalizationForm.FormD);

        var name = AttachmentFileName.Sanitize(decomposed, DetectedType.Pdf);

        Assert.Equal("Phúc khảo bài thi.pdf".Normalize(NormalizationForm.FormC), name);
        Assert.True(name.IsNormalized(NormalizationForm.FormC));
    }

    [Fact]
    public void Invalid_UTF16_is_dropped()
    {
        Assert.Equal("anh.png", AttachmentFileName.Sanitize("a\uD800nh.png", DetectedType.Png));
    }

    [Fact]
    public void Long_names_are_cut_between_letters_and_keep_the_extension()
    {
        var longName = string.Concat(Enumerable.Repeat("Giấy xác nhận học sinh ", 20)) + ".docx";

        var name = AttachmentFileName.Sanitize(longName, DetectedType.Docx, maxLength: 60);

        Assert.True(new StringInfo(name).LengthInTextElements <= 60, name);
        Assert.EndsWith(".docx", name, StringComparison.Ordinal);
        Assert.StartsWith("Giấy xác nhận học sinh", name, StringComparison.Ordinal);
    }
}
