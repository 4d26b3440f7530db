using PdfSharp;
using PdfSharp.Fonts;

namespace Services.Workflows.Documents;

/// <summary>
/// PDFsharp's process-wide settings, applied once before the first document: the AGPL licence (the portal is
/// AGPL-3.0, which PDFsharp 6.5 asks to be declared) and the Noto font resolver.
/// </summary>
public static class PdfSharpSetup
{
    private static readonly Lock Gate = new();
    private static bool _done;

    public static void EnsureConfigured()
    {
        if (Volatile.Read(ref _done))
        {
            return;
        }

        lock (Gate)
        {
            if (_done)
            {
                return;
            }

            PdfSharpLicense.SetAgplLicense();
            GlobalFontSettings.FontResolver ??= new NotoFontResolver(
                Environment.GetEnvironmentVariable("PORTAL_FONT_DIR") is { Length: > 0 } dir ? dir : NotoFontResolver.DefaultDirectory);
            Volatile.Write(ref _done, true);
        }
    }
}
