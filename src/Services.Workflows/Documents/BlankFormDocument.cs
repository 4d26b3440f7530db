using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Services.Workflows.Documents;

/// <summary>A printable application form (đơn): what it is called, to whom it goes, the blanks to fill in, and the request itself.</summary>
public sealed record BlankForm(string Title, string Addressee, IReadOnlyList<string> Blanks, string Request)
{
    /// <summary>Who signs at the bottom; "NGƯỜI LÀM ĐƠN" by default.</summary>
    public string Signatory { get; init; } = "NGƯỜI LÀM ĐƠN";
}

/// <summary>
/// Renders a blank application form in the usual administrative layout (national motto, title, "Kính gửi", dotted
/// lines, date and signature), for the catalogue's downloadable forms. People print it and fill it in by hand.
/// </summary>
public static class BlankFormDocument
{
    public static byte[] Render(BlankForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        PdfSharpSetup.EnsureConfigured();
        using var document = new PdfDocument();
        document.Info.Title = form.Title;
        document.Info.Creator = "ServicesPortal";
        var l = new ReceiptLayout(document);
        try
        {
            l.NewPage();
            l.Y = l.NationalMotto(l.Left, l.ContentWidth, l.Y, 12, 80);
            l.Y += 30;
            l.Y = l.Centered(form.Title.ToUpperInvariant(), ReceiptLayout.Serif(15, XFontStyleEx.Bold), l.Left, l.ContentWidth, l.Y) + 14;
            l.Y = l.Centered($"Kính gửi: {form.Addressee}", ReceiptLayout.Serif(12.5), l.Left, l.ContentWidth, l.Y) + 18;

            var font = ReceiptLayout.Serif(12);
            foreach (var blank in form.Blanks)
            {
                l.FillInLine(blank, font);
            }

            l.Y += 6;
            l.Y = l.Paragraph(form.Request, font, l.Left, l.ContentWidth, l.Y) + 4;
            l.FillInLine("", font);
            l.FillInLine("", font);
            l.Y = l.Paragraph("Tôi xin cam đoan những thông tin trên là đúng sự thật.", ReceiptLayout.Serif(12, XFontStyleEx.Italic), l.Left, l.ContentWidth, l.Y) + 20;

            l.EnsureSpace(110);
            var signLeft = l.Left + (l.ContentWidth / 2);
            var signWidth = l.ContentWidth / 2;
            var y = l.Centered("………, ngày …… tháng …… năm 20……", ReceiptLayout.Serif(12, XFontStyleEx.Italic), signLeft, signWidth, l.Y);
            y = l.Centered(form.Signatory, ReceiptLayout.Serif(12, XFontStyleEx.Bold), signLeft, signWidth, y + 4);
            l.Y = l.Centered("(Ký và ghi rõ họ tên)", ReceiptLayout.Serif(11, XFontStyleEx.Italic), signLeft, signWidth, y);
        }
        finally
        {
            l.Dispose();
        }

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }
}
