using Services.Workflows.Documents;

namespace Services.Tests.Unit.Documents;

public sealed class BlankFormDocumentTests
{
    [Fact]
    public async Task A_blank_form_has_the_motto_title_addressee_and_blanks()
    {
        var pdf = BlankFormDocument.Render(new BlankForm(
            "Đơn xin nghỉ học", "Hiệu trưởng Trường Tiểu học Lê Lợi", ["Họ và tên học sinh:", "Lớp:"], "Lý do nghỉ học:"));

        var text = await PdfText.ExtractAsync(pdf);
        Assert.Contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", text, StringComparison.Ordinal);
        Assert.Contains("ĐƠN XIN NGHỈ HỌC", text, StringComparison.Ordinal);
        Assert.Contains("Kính gửi: Hiệu trưởng Trường Tiểu học Lê Lợi", text, StringComparison.Ordinal);
        Assert.Contains("Họ và tên học sinh:", text, StringComparison.Ordinal);
        Assert.Contains("NGƯỜI LÀM ĐƠN", text, StringComparison.Ordinal);
    }
}
