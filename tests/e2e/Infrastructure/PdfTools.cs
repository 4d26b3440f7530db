using System.Diagnostics;

namespace Services.Tests.E2e.Infrastructure;

/// <summary>The Debian PDF tools the tests read the portal's PDFs with: pdftotext (poppler-utils) and qpdf.</summary>
public static class PdfTools
{
    public static async Task<string> TextAsync(string file)
    {
        var (exit, output) = await RunAsync("pdftotext", "-layout", file, "-");
        Assert.True(exit == 0, $"pdftotext failed ({exit}): {output}");
        return output;
    }

    /// <summary>qpdf --check finds no error and no warning.</summary>
    public static async Task AssertQpdfCleanAsync(string file)
    {
        var (exit, output) = await RunAsync("qpdf", "--check", file);
        Assert.True(exit == 0 && !output.Contains("WARNING", StringComparison.OrdinalIgnoreCase), $"qpdf --check ({exit}):\n{output}");
    }

    private static async Task<(int Exit, string Output)> RunAsync(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start (install its Debian package).");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
