using System.Diagnostics;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;
using Services.Workflows.Audit;
using Services.Workflows.Documents;
using Services.Workflows.StudentStatus;

namespace Services.Tests.Unit.Documents;

/// <summary>
/// Every PDF the portal produces passes a strict reader's check (qpdf, Debian package) without a warning, and is a
/// tagged PDF a screen reader can follow: structure tree, marked content, its title shown, its language Vietnamese.
/// </summary>
public sealed class PdfQualityTests
{
    public static TheoryData<string> Documents() => ["receipt", "long receipt", "blank form", "certificate", "audit history"];

    private static byte[] Render(string kind) => kind switch
    {
        "receipt" => ReceiptDocument.Render(ReceiptDocumentTests.Sample()),
        "long receipt" => ReceiptDocument.Render(ReceiptDocumentTests.Sample(items: 40)),
        "blank form" => BlankFormDocument.Render(new BlankForm("Đơn xin nghỉ học", "Hiệu trưởng Trường Tiểu học Lê Lợi", ["Họ và tên học sinh:", "Lớp:"], "Lý do nghỉ học:")),
        "certificate" => StudentStatusCertificate.Render(new StudentStatusCertificateData("Trường Tiểu học Lê Lợi", "HS-26-7K3M-9QX2", "Trần Minh Khôi",
            new DateOnly(2018, 5, 4), "3A2", "hồ sơ học bổng", new DateOnly(2026, 11, 25))),
        "audit history" => HistoryDocument.Render(HistoryDocumentTests.Sample(entries: 45)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task PassesQpdfCheckWithoutWarnings(string kind)
    {
        var file = Path.Combine(Path.GetTempPath(), $"pdf-quality-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, Render(kind));
        try
        {
            var start = new ProcessStartInfo("qpdf") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("--check");
            start.ArgumentList.Add(file);
            using var qpdf = Process.Start(start) ?? throw new InvalidOperationException("qpdf did not start (Debian package qpdf).");
            var output = await qpdf.StandardOutput.ReadToEndAsync() + await qpdf.StandardError.ReadToEndAsync();
            await qpdf.WaitForExitAsync();

            Assert.True(qpdf.ExitCode == 0, $"qpdf --check exited with {qpdf.ExitCode}:\n{output}");
            Assert.DoesNotContain("WARNING", output, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("No syntax or stream encoding errors found", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void IsTaggedWithItsTitleAndVietnameseAsItsLanguage(string kind)
    {
        using var document = PdfReader.Open(new MemoryStream(Render(kind)), PdfDocumentOpenMode.Import);
        var catalog = document.Internals.Catalog;

        Assert.Equal("vi-VN", catalog.Elements.GetString("/Lang"));
        Assert.NotNull(catalog.Elements.GetDictionary("/StructTreeRoot"));
        Assert.True(catalog.Elements.GetDictionary("/MarkInfo")?.Elements.GetBoolean("/Marked"), "MarkInfo /Marked should be true");
        Assert.True(catalog.Elements.GetDictionary("/ViewerPreferences")?.Elements.GetBoolean("/DisplayDocTitle"), "the viewer should show the title, not the file name");
        Assert.False(string.IsNullOrWhiteSpace(document.Info.Title));
    }
}
