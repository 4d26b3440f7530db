using Services.Data.Exams;
using Services.Tests.Unit.Documents;
using Services.Workflows.Exams;

namespace Services.Tests.Unit.Exams;

public sealed class ExamDocumentsTests
{
    private static readonly DateTimeOffset CheckedAt = new(2027, 7, 20, 2, 5, 9, TimeSpan.Zero); // 09:05:09 in Vietnam

    [Fact]
    public async Task The_result_slip_lists_every_subject_and_the_time_it_was_printed()
    {
        var pdf = ExamResultDocument.Render(new ExamResult(Guid.NewGuid(), "Kỳ thi tốt nghiệp THPT 2027", 2027, "01000001", "Nguyễn Văn An",
            new DateOnly(2009, 3, 5), "THPT Lê Quý Đôn", "P01", [("Toán", 8.25m), ("Ngữ văn", null)]), CheckedAt);
        var text = await PdfText.ExtractAsync(pdf);
        Assert.Contains("GIẤY BÁO ĐIỂM", text, StringComparison.Ordinal);
        Assert.Contains("01000001", text, StringComparison.Ordinal);
        Assert.Contains("8.25", text, StringComparison.Ordinal);
        Assert.Contains("Không dự thi", text, StringComparison.Ordinal);
        Assert.Contains("09:05 ngày 20/07/2027", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CertificateStatus.Valid, "CÓ HIỆU LỰC theo sổ gốc")]
    [InlineData(CertificateStatus.Revoked, "ĐÃ BỊ THU HỒI ngày 19/07/2027. Lý do: Cấp sai đối tượng")]
    [InlineData(CertificateStatus.Corrected, "đã được chỉnh sửa ngày 19/07/2027")]
    public async Task The_verification_statement_says_the_status_and_the_time_of_the_check(CertificateStatus status, string expected)
    {
        var certificate = new Certificate
        {
            Id = Guid.NewGuid(), UnitId = Guid.NewGuid(), Serial = "TN2027-000123", RegisterNumber = "0001", HolderName = "Nguyễn Văn An",
            DateOfBirth = new DateOnly(2009, 3, 5), Type = "Bằng tốt nghiệp THPT", Classification = "Khá", Year = 2027, IssuedOn = new DateOnly(2027, 7, 15),
            Signer = "Trần Văn Giám", Status = status, StatusNote = status == CertificateStatus.Valid ? null : "Cấp sai đối tượng",
            StatusChangedAt = status == CertificateStatus.Valid ? null : CheckedAt.AddDays(-1),
        };
        var text = await PdfText.ExtractAsync(CertificateStatement.Render(certificate, "Sở Giáo dục và Đào tạo", CheckedAt));
        Assert.Contains("TN2027-000123", text, StringComparison.Ordinal);
        Assert.Contains(expected, text, StringComparison.Ordinal);
        Assert.Contains("09:05:09 ngày 20/07/2027", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("8.25", 8.25)]
    [InlineData("6,75", 6.75)]
    [InlineData("10", 10.0)]
    [InlineData("0", 0.0)]
    [InlineData("10.01", null)]
    [InlineData("-1", null)]
    [InlineData("7.125", null)]
    [InlineData("1e1", null)]
    public void Scores_are_zero_to_ten_with_two_decimals_at_most(string text, double? expected) =>
        Assert.Equal(expected is { } e ? (decimal)e : null, Score.TryParse(text));

    [Fact]
    public void A_semicolon_file_with_a_byte_order_mark_reads_like_a_comma_file()
    {
        var bytes = System.Text.Encoding.UTF8.GetPreamble()
            .Concat(System.Text.Encoding.UTF8.GetBytes("so_bao_danh;ho_ten;ngay_sinh;truong;phong_thi;Toán\n01a;Nguyễn Văn An;05/03/2009;THPT A;P01;8,5\n")).ToArray();
        var parsed = ExamFile.Read(new MemoryStream(bytes));
        Assert.Empty(parsed.Problems);
        var line = Assert.Single(parsed.Lines);
        Assert.Equal(("01A", 8.5m), (line.Number, line.Scores["Toán"]));
    }
}
