using System.Diagnostics;

namespace Services.Tests.Unit.Documents;

/// <summary>The text of a PDF as poppler's pdftotext reads it: what a search engine or a screen reader would get.</summary>
internal static class PdfText
{
    public static async Task<string> ExtractAsync(byte[] pdf)
    {
        var path = Path.Combine(Path.GetTempPath(), $"receipt-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        try
        {
            var start = new ProcessStartInfo("pdftotext", ["-enc", "UTF-8", path, "-"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = System.Text.Encoding.UTF8,
            };
            using var process = Process.Start(start)!;
            var text = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync());
            return text;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
