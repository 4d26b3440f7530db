using System.Globalization;
using Services.Workflows.Documents;

namespace Services.Tests.Unit.Documents;

public sealed class ReceiptDocumentTests
{
    public static ReceiptData Sample(int items = 3) => new(
        "Phòng Giáo dục và Đào tạo quận Bình An",
        "Trường Tiểu học Nguyễn Bỉnh Khiêm",
        "HS-26-7K3M-9QX2",
        "Nguyễn Thị Lan",
        "Xác nhận học sinh đang học tại trường",
        new DateTimeOffset(2026, 11, 21, 2, 15, 0, TimeSpan.Zero),
        Enumerable.Range(1, items).Select(i => new ReceiptItem($"Giấy tờ số {i}: đơn đề nghị xác nhận (kèm ảnh thẻ 3×4)", i % 2 == 0 ? "Bản sao" : "Bản chính")).ToList(),
        new DateOnly(2026, 11, 25),
        "https://portal.demo.edu.vn/tra-cuu-ho-so")
    {
        QrUrl = "https://portal.demo.edu.vn/xac-minh/AZ8x2vQ1n0pL4kT7wE3rY6uI9oP2aS5dF8gH1jK4lZ7x",
        Place = "Bạch Đằng",
        ApplicantContact = "0903 123 456",
    };

    [Fact]
    public async Task A_receipt_is_a_PDF_whose_text_has_the_code_title_and_Vietnamese_letters()
    {
        var pdf = ReceiptDocument.Render(Sample());

        Assert.Equal("%PDF-"u8.ToArray(), pdf[..5]);
        var text = await PdfText.ExtractAsync(pdf);
        Assert.Contains("HS-26-7K3M-9QX2", text, StringComparison.Ordinal);
        Assert.Contains("GIẤY BIÊN NHẬN HỒ SƠ", text, StringComparison.Ordinal);
        Assert.Contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", text, StringComparison.Ordinal);
        Assert.Contains("Độc lập - Tự do - Hạnh phúc", text, StringComparison.Ordinal);
        Assert.Contains("Nguyễn Thị Lan", text, StringComparison.Ordinal);
        Assert.Contains("25/11/2026", text, StringComparison.Ordinal);
        Assert.Contains("09:15 ngày 21/11/2026", text, StringComparison.Ordinal); // received time printed in Vietnam time
        Assert.Contains("Trang 1/1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receipt_with_the_form_and_five_attachments_keeps_its_QR_block_on_the_one_page()
    {
        var text = await PdfText.ExtractAsync(ReceiptDocument.Render(Sample(items: 6)));

        Assert.Contains("Trang 1/1", text, StringComparison.Ordinal);
        Assert.Contains("Tra cứu tình trạng hồ sơ", text, StringComparison.Ordinal);
        Assert.Contains("giấy biên nhận này được tạo tự động", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_list_of_items_continues_on_numbered_pages()
    {
        var pdf = ReceiptDocument.Render(Sample(items: 40));

        var text = await PdfText.ExtractAsync(pdf);
        var numbers = System.Text.RegularExpressions.Regex.Matches(text, @"Trang (\d+)/(\d+)")
            .Select(m => (Page: int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Of: int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)))
            .ToList();
        var pages = numbers[0].Of;
        Assert.True(pages >= 2, $"{pages} page(s)");
        Assert.All(numbers, n => Assert.Equal(pages, n.Of));
        Assert.Equal(Enumerable.Range(1, pages), numbers.Select(n => n.Page));
        Assert.Contains("Giấy tờ số 40", text, StringComparison.Ordinal);
        var headerRows = text.Split("Tên giấy tờ").Length - 1;
        Assert.True(headerRows >= 2, "the table header is repeated on the next page");
    }
}
