using System.Collections.Concurrent;
using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.UniversalAccessibility;

namespace Services.Workflows.Documents;

/// <summary>
/// A top-to-bottom cursor over A4 pages with the little typesetting the receipt needs: word wrapping (PDFsharp's
/// Core build has no paragraph layout that reports its height), centred lines, labelled lines, table rows and
/// page breaks. Every document it lays out is a tagged PDF in Vietnamese (text in paragraphs in reading order, rules
/// and boxes as artifacts), shows its title, and is written uncompressed enough for strict readers.
/// </summary>
internal sealed class ReceiptLayout : IDisposable
{
    private readonly PdfDocument document;
    private readonly StructureBuilder _structure;

    public ReceiptLayout(PdfDocument document)
    {
        this.document = document;
        // PDFsharp's deflate streams end in a way qpdf reports as "input stream is complete but output may still be
        // valid"; these are small documents, so they are written uncompressed and every reader accepts them.
        document.Options.NoCompression = true;
        document.Options.CompressContentStreams = false;
        document.ViewerPreferences.DisplayDocTitle = true;
        var accessibility = UAManager.ForDocument(document);
        accessibility.SetDocumentLanguage("vi-VN");
        _structure = accessibility.StructureBuilder;
    }

    public const double Margin = 56; // about 2 cm
    private const double BottomLimit = 70; // room for the page number
    private const double CellPadding = 4;

    private PdfPage _page = null!;
    private XGraphics? _graphics;
    private int _pageTotal;
    private string? _footerMark;

    public XGraphics Graphics => _graphics ?? NewPage();
    public double Left { get; } = Margin;
    public double ContentWidth => _page.Width.Point - (2 * Margin);
    public double Y { get; set; }

    private double Bottom => _page.Height.Point - BottomLimit;

    // XFont objects are document-independent and immutable; building one resolves the typeface and its metrics,
    // which is a measurable part of a 10 ms receipt, so each size and style is built once per process.
    private static readonly ConcurrentDictionary<(string Family, double Size, XFontStyleEx Style), XFont> Fonts = new();

    public static XFont Serif(double size, XFontStyleEx style = XFontStyleEx.Regular) =>
        Fonts.GetOrAdd((NotoFontResolver.Serif, size, style), key => new XFont(key.Family, key.Size, key.Style));

    public static XFont Sans(double size, XFontStyleEx style = XFontStyleEx.Regular) =>
        Fonts.GetOrAdd((NotoFontResolver.Sans, size, style), key => new XFont(key.Family, key.Size, key.Style));

    /// <summary>
    /// Turns on "Trang x/<paramref name="total"/>" and <paramref name="mark"/> at the foot of every page, drawn as each
    /// page is left: a tagged PDF lets only the current page be drawn on, so the caller says the total up front.
    /// </summary>
    public void NumberPages(string mark, int total)
    {
        _footerMark = mark;
        _pageTotal = total;
    }

    /// <summary>Completes the last page (its footer); call once, after the last drawing.</summary>
    public void Finish() => DrawFooter();

    private void DrawFooter()
    {
        if (_footerMark is null || _graphics is null)
        {
            return;
        }

        var font = Serif(8.5);
        var y = _page.Height.Point - 32;
        Artifact(() =>
        {
            _graphics.DrawString($"Trang {document.PageCount}/{_pageTotal}", font, XBrushes.Black, new XRect(0, y, _page.Width.Point, 12), XStringFormats.TopCenter);
            _graphics.DrawString(_footerMark, font, XBrushes.DimGray, new XRect(Margin, y, 200, 12), XStringFormats.TopLeft);
        });
    }

    public XGraphics NewPage()
    {
        DrawFooter();
        _graphics?.Dispose();
        _page = document.AddPage();
        _page.Size = PdfSharp.PageSize.A4;
        _graphics = XGraphics.FromPdfPage(_page);
        Y = 48;
        return _graphics;
    }

    public void EnsureSpace(double height)
    {
        _ = Graphics;
        if (Y + height > Bottom)
        {
            NewPage();
        }
    }

    /// <summary>
    /// The national name and motto (quốc hiệu, tiêu ngữ) centred in a column, the motto underlined as administrative
    /// documents set it; <paramref name="size"/> is the name's size (the motto is half a point larger). Returns the y
    /// below the motto.
    /// </summary>
    public double NationalMotto(double left, double width, double top, double size, double ruleHalfWidth)
    {
        var y = Centered("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", Serif(size, XFontStyleEx.Bold), left, width, top);
        y = Centered("Độc lập - Tự do - Hạnh phúc", Serif(size + 0.5, XFontStyleEx.Bold), left, width, y);
        Rule(left + (width / 2) - ruleHalfWidth, left + (width / 2) + ruleHalfWidth, y + 3);
        return y;
    }

    /// <summary>Wrapped, centred lines in a column; returns the y below them.</summary>
    public double Centered(string text, XFont font, double left, double width, double top)
    {
        var lineHeight = font.GetHeight() * 1.15;
        var y = top;
        Tagged(PdfBlockLevelElementTag.Paragraph, () =>
        {
            foreach (var line in Wrap(text, font, width))
            {
                Graphics.DrawString(line, font, XBrushes.Black, new XRect(left, y, width, lineHeight), XStringFormats.TopCenter);
                y += lineHeight;
            }
        });

        return y;
    }

    /// <summary>Wrapped, left-aligned lines in a column; returns the y below them.</summary>
    public double Paragraph(string text, XFont font, double left, double width, double top)
    {
        var lineHeight = font.GetHeight() * 1.15;
        var y = top;
        Tagged(PdfBlockLevelElementTag.Paragraph, () =>
        {
            foreach (var line in Wrap(text, font, width))
            {
                Graphics.DrawString(line, font, XBrushes.Black, new XRect(left, y, width, lineHeight), XStringFormats.TopLeft);
                y += lineHeight;
            }
        });

        return y;
    }

    /// <summary>"Label: value" with the value wrapped in a column after a fixed label width.</summary>
    public void LabelledLine(string label, string value, bool bold = false)
    {
        const double labelWidth = 150;
        var labelFont = Serif(11.5);
        var valueFont = Serif(11.5, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);
        var lines = Wrap(value, valueFont, ContentWidth - labelWidth);
        var lineHeight = valueFont.GetHeight() * 1.2;
        EnsureSpace(lineHeight * Math.Min(lines.Count, 3));
        Tagged(PdfBlockLevelElementTag.Paragraph, () =>
        {
            Graphics.DrawString(label, labelFont, XBrushes.Black, new XRect(Left, Y, labelWidth, lineHeight), XStringFormats.TopLeft);
            foreach (var line in lines)
            {
                Graphics.DrawString(line, valueFont, XBrushes.Black, new XRect(Left + labelWidth, Y, ContentWidth - labelWidth, lineHeight), XStringFormats.TopLeft);
                Y += lineHeight;
            }
        });

        Y += 3;
    }

    public bool WouldOverflow(string[] cells, double[] widths, XFont font) => Y + RowHeight(cells, widths, font) > Bottom;

    public void TableRow(string[] cells, double[] widths, XFont font, bool shaded = false)
    {
        var height = RowHeight(cells, widths, font);
        var lineHeight = font.GetHeight() * 1.15;
        var x = Left;
        for (var i = 0; i < cells.Length; i++)
        {
            var cell = new XRect(x, Y, widths[i], height);
            Artifact(() =>
            {
                if (shaded)
                {
                    Graphics.DrawRectangle(XBrushes.WhiteSmoke, cell);
                }

                Graphics.DrawRectangle(new XPen(XColors.Black, 0.6), cell);
            });
            var y = Y + CellPadding;
            var left = x;
            var column = i;
            Tagged(PdfBlockLevelElementTag.Paragraph, () =>
            {
                foreach (var line in Wrap(cells[column], font, widths[column] - (2 * CellPadding)))
                {
                    var format = column == 0 || shaded ? XStringFormats.TopCenter : XStringFormats.TopLeft;
                    Graphics.DrawString(line, font, XBrushes.Black, new XRect(left + CellPadding, y, widths[column] - (2 * CellPadding), lineHeight), format);
                    y += lineHeight;
                }
            });

            x += widths[i];
        }

        Y += height;
    }

    /// <summary>"Label: ……" with a dotted line to the right margin, for a form to be filled in by hand.</summary>
    public void FillInLine(string label, XFont font)
    {
        var lineHeight = font.GetHeight() * 1.9;
        EnsureSpace(lineHeight);
        Tagged(PdfBlockLevelElementTag.Paragraph, () => Graphics.DrawString(label, font, XBrushes.Black, new XRect(Left, Y, ContentWidth, lineHeight), XStringFormats.TopLeft));
        var start = Left + Measure(label, font) + 4;
        var baseline = Y + (font.GetHeight() * 0.95);
        if (start < Left + ContentWidth - 10)
        {
            Artifact(() => Graphics.DrawLine(new XPen(XColors.Gray, 0.8) { DashStyle = XDashStyle.Dot }, start, baseline, Left + ContentWidth, baseline));
        }

        Y += lineHeight;
    }

    public void Rule(double x1, double x2, double y) => Artifact(() => Graphics.DrawLine(new XPen(XColors.Black, 0.7), x1, y, x2, y));

    /// <summary>A picture (the QR code) a screen reader announces by <paramref name="description"/>.</summary>
    public void Figure(string description, XRect box, Action<XGraphics> draw)
    {
        _structure.BeginElement(PdfIllustrationElementTag.Figure, description, box);
        try
        {
            draw(Graphics);
        }
        finally
        {
            _structure.End();
        }
    }

    /// <summary>Marks furniture that is not read aloud: page numbers, rules, table borders, the dotted fill-in lines.</summary>
    public void Artifact(Action draw)
    {
        _structure.BeginArtifact();
        try
        {
            draw();
        }
        finally
        {
            _structure.End();
        }
    }

    private void Tagged(PdfBlockLevelElementTag tag, Action draw)
    {
        _structure.BeginElement(tag);
        try
        {
            draw();
        }
        finally
        {
            _structure.End();
        }
    }

    public void Dispose() => _graphics?.Dispose();

    private double RowHeight(string[] cells, double[] widths, XFont font)
    {
        var lineHeight = font.GetHeight() * 1.15;
        var lines = cells.Select((c, i) => Math.Max(1, Wrap(c, font, widths[i] - (2 * CellPadding)).Count)).Max();
        return (lines * lineHeight) + (2 * CellPadding);
    }

    /// <summary>Greedy word wrap; a word wider than the column (a long URL) is broken between text elements.</summary>
    private List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.ReplaceLineEndings("\n").Split('\n'))
        {
            // PDFsharp places glyphs without kerning, so a line's width is the sum of its words' and spaces' widths:
            // each word is measured once instead of re-measuring the growing line.
            var space = Measure(" ", font);
            var current = "";
            var currentWidth = 0d;
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var wordWidth = Measure(word, font);
                var candidateWidth = current.Length == 0 ? wordWidth : currentWidth + space + wordWidth;
                if (candidateWidth <= width)
                {
                    current = current.Length == 0 ? word : current + " " + word;
                    currentWidth = candidateWidth;
                    continue;
                }

                if (current.Length > 0)
                {
                    lines.Add(current);
                }

                current = word;
                currentWidth = wordWidth;
                while (currentWidth > width)
                {
                    var (head, tail) = SplitToWidth(current, font, width);
                    lines.Add(head);
                    current = tail;
                    currentWidth = Measure(current, font);
                }
            }

            lines.Add(current);
        }

        return lines;
    }

    private (string Head, string Tail) SplitToWidth(string word, XFont font, double width)
    {
        var elements = StringInfo.GetTextElementEnumerator(word);
        var head = "";
        while (elements.MoveNext())
        {
            var next = head + elements.GetTextElement();
            if (head.Length > 0 && Measure(next, font) > width)
            {
                break;
            }

            head = next;
        }

        return (head, word[head.Length..]);
    }

    private double Measure(string text, XFont font) => Graphics.MeasureString(text, font).Width;
}
