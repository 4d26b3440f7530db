using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;

namespace Services.Workflows.Documents;

/// <summary>One document of the dossier as received (thành phần hồ sơ), e.g. "Đơn xin nghỉ học" / "Bản chính".</summary>
public sealed record ReceiptItem(string Name, string? Note = null);

/// <summary>
/// What a receipt states. Dates come in computed: the expected completion date follows the working-day calendar,
/// which belongs to the workflow runtime, and the status URL is the public lookup page for this code.
/// </summary>
public sealed record ReceiptData(
    string ParentUnitName,
    string UnitName,
    string TrackingCode,
    string ApplicantName,
    string ServiceName,
    DateTimeOffset ReceivedAt,
    IReadOnlyList<ReceiptItem> Items,
    DateOnly ExpectedCompletion,
    string StatusUrl)
{
    /// <summary>Place name in the date line ("Bạch Đằng, ngày … tháng … năm …").</summary>
    public string? Place { get; init; }

    /// <summary>Phone or e-mail of the applicant, printed under the name when given.</summary>
    public string? ApplicantContact { get; init; }

    /// <summary>The officer who received a paper dossier; null for an online submission.</summary>
    public string? ReceivedBy { get; init; }

    /// <summary>What the QR code carries: the signed verification link (S3), never the plain tracking code.</summary>
    public required string QrUrl { get; init; }
}

/// <summary>
/// The dossier receipt (giấy biên nhận hồ sơ) as an A4 PDF in the administrative layout: unit header and national
/// motto side by side, title, tracking code, applicant and procedure, the documents received, the date the result
/// is due, a QR code to the status page, and "Trang x/y" on every page.
/// </summary>
public static class ReceiptDocument
{
    public static byte[] Render(ReceiptData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        PdfSharpSetup.EnsureConfigured();

        // Nearly every receipt is one page; a longer one is laid out again once its page count is known.
        var (pdf, pages) = RenderWithTotal(data, 1);
        return pages == 1 ? pdf : RenderWithTotal(data, pages).Pdf;
    }

    private static (byte[] Pdf, int Pages) RenderWithTotal(ReceiptData data, int totalPages)
    {
        using var document = new PdfDocument();
        document.Info.Title = $"Giấy biên nhận hồ sơ {data.TrackingCode}";
        document.Info.Subject = data.ServiceName;
        document.Info.Author = data.UnitName;
        document.Info.Creator = "ServicesPortal";

        var layout = new ReceiptLayout(document);
        try
        {
            layout.NumberPages(data.TrackingCode, totalPages);
            layout.NewPage();
            DrawHeader(layout, data);
            DrawParticulars(layout, data);
            DrawItems(layout, data.Items);
            DrawStatusBlock(layout, data);
            layout.Finish();
        }
        finally
        {
            layout.Dispose();
        }

        var pages = document.PageCount;
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return (output.ToArray(), pages);
    }

    private static void DrawHeader(ReceiptLayout l, ReceiptData data)
    {
        const double leftWidth = 205;
        var rightWidth = l.ContentWidth - leftWidth - 8;
        var top = l.Y;

        var leftBottom = l.Centered(data.ParentUnitName.ToUpper(CultureInfo.GetCultureInfo("vi-VN")), ReceiptLayout.Serif(10.5), l.Left, leftWidth, top);
        leftBottom = l.Centered(data.UnitName.ToUpper(CultureInfo.GetCultureInfo("vi-VN")), ReceiptLayout.Serif(10.5, XFontStyleEx.Bold), l.Left, leftWidth, leftBottom);
        l.Rule(l.Left + (leftWidth / 2) - 35, l.Left + (leftWidth / 2) + 35, leftBottom + 3);

        var rightLeft = l.Left + leftWidth + 8;
        var rightBottom = l.NationalMotto(rightLeft, rightWidth, top, 10.5, 75);

        l.Y = Math.Max(leftBottom, rightBottom) + 14;
        var local = data.ReceivedAt.ToOffset(Runtime.WorkingCalendar.VietnamOffset);
        var dateLine = string.Create(CultureInfo.InvariantCulture,
            $"{(string.IsNullOrWhiteSpace(data.Place) ? "" : data.Place + ", ")}ngày {local.Day:00} tháng {local.Month:00} năm {local.Year}");
        l.Y = l.Centered(dateLine, ReceiptLayout.Serif(11, XFontStyleEx.Italic), rightLeft, rightWidth, l.Y) + 18;

        l.Y = l.Centered("GIẤY BIÊN NHẬN HỒ SƠ", ReceiptLayout.Serif(16, XFontStyleEx.Bold), l.Left, l.ContentWidth, l.Y) + 2;
        l.Y = l.Centered($"Mã hồ sơ: {data.TrackingCode}", ReceiptLayout.Serif(13, XFontStyleEx.Bold), l.Left, l.ContentWidth, l.Y) + 16;
    }

    private static void DrawParticulars(ReceiptLayout l, ReceiptData data)
    {
        var received = data.ReceivedAt.ToOffset(Runtime.WorkingCalendar.VietnamOffset);
        l.LabelledLine("Cơ quan tiếp nhận:", data.UnitName);
        l.LabelledLine("Người nộp hồ sơ:", data.ApplicantName);
        if (!string.IsNullOrWhiteSpace(data.ApplicantContact))
        {
            l.LabelledLine("Liên hệ:", data.ApplicantContact);
        }

        l.LabelledLine("Thủ tục:", data.ServiceName);
        l.LabelledLine("Thời gian tiếp nhận:", received.ToString("HH:mm 'ngày' dd/MM/yyyy", CultureInfo.InvariantCulture));
        l.LabelledLine("Ngày hẹn trả kết quả:", data.ExpectedCompletion.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), bold: true);
        l.Y += 8;
    }

    private static void DrawItems(ReceiptLayout l, IReadOnlyList<ReceiptItem> items)
    {
        l.EnsureSpace(60);
        l.Y = l.Paragraph("Thành phần hồ sơ đã nhận:", ReceiptLayout.Serif(12, XFontStyleEx.Bold), l.Left, l.ContentWidth, l.Y) + 4;

        const double numberWidth = 36;
        const double noteWidth = 140;
        var nameWidth = l.ContentWidth - numberWidth - noteWidth;
        double[] widths = [numberWidth, nameWidth, noteWidth];
        string[] headings = ["STT", "Tên giấy tờ", "Ghi chú"];

        l.TableRow(headings, widths, ReceiptLayout.Serif(11, XFontStyleEx.Bold), shaded: true);
        if (items.Count == 0)
        {
            l.TableRow(["", "(Không có giấy tờ kèm theo)", ""], widths, ReceiptLayout.Serif(11, XFontStyleEx.Italic));
        }

        for (var i = 0; i < items.Count; i++)
        {
            string[] cells = [(i + 1).ToString(CultureInfo.InvariantCulture), items[i].Name, items[i].Note ?? ""];
            if (l.WouldOverflow(cells, widths, ReceiptLayout.Serif(11)))
            {
                // The header row is repeated at the top of the next page, as on a paper form.
                l.NewPage();
                l.TableRow(headings, widths, ReceiptLayout.Serif(11, XFontStyleEx.Bold), shaded: true);
            }

            l.TableRow(cells, widths, ReceiptLayout.Serif(11));
        }

        l.Y += 16;
    }

    private static void DrawStatusBlock(ReceiptLayout l, ReceiptData data)
    {
        const double qrSize = 104;
        // The QR code, its explanation and the closing line stay together on one page (never a last page holding
        // only the closing line).
        l.EnsureSpace(qrSize + 22 + 50);
        var top = l.Y;
        l.Figure($"Mã QR xác minh biên nhận hồ sơ {data.TrackingCode}", new XRect(l.Left, top, qrSize, qrSize),
            graphics => DrawQrCode(graphics, data.QrUrl, l.Left, top, qrSize));

        var textLeft = l.Left + qrSize + 14;
        var textWidth = l.ContentWidth - qrSize - 14;
        var y = l.Paragraph("Tra cứu tình trạng hồ sơ", ReceiptLayout.Serif(11.5, XFontStyleEx.Bold), textLeft, textWidth, top + 6);
        y = l.Paragraph("Quét mã QR bằng điện thoại hoặc truy cập địa chỉ:", ReceiptLayout.Serif(11), textLeft, textWidth, y + 2);
        y = l.Paragraph(data.StatusUrl, ReceiptLayout.Serif(10), textLeft, textWidth, y + 2);
        y = l.Paragraph($"và nhập mã hồ sơ {data.TrackingCode}.", ReceiptLayout.Serif(11), textLeft, textWidth, y + 2);
        y = l.Paragraph("Khi đến nhận kết quả, vui lòng mang theo giấy biên nhận này và giấy tờ tùy thân.",
            ReceiptLayout.Serif(11, XFontStyleEx.Italic), textLeft, textWidth, y + 6);
        l.Y = Math.Max(top + qrSize, y) + 22;

        var signLeft = l.Left + (l.ContentWidth / 2);
        var signWidth = l.ContentWidth / 2;
        if (data.ReceivedBy is { Length: > 0 } officer)
        {
            l.EnsureSpace(90);
            var sy = l.Centered("NGƯỜI TIẾP NHẬN", ReceiptLayout.Serif(11, XFontStyleEx.Bold), signLeft, signWidth, l.Y);
            sy = l.Centered("(Ký, ghi rõ họ tên)", ReceiptLayout.Serif(10, XFontStyleEx.Italic), signLeft, signWidth, sy);
            l.Y = l.Centered(officer, ReceiptLayout.Serif(11, XFontStyleEx.Bold), signLeft, signWidth, sy + 44);
        }
        else
        {
            l.EnsureSpace(20);
            l.Y = l.Paragraph("Hồ sơ được nộp trực tuyến; giấy biên nhận này được tạo tự động và không cần chữ ký.",
                ReceiptLayout.Serif(10, XFontStyleEx.Italic), l.Left, l.ContentWidth, l.Y);
        }
    }

    /// <summary>Draws the QR code as vector squares (no bitmap), so it stays sharp when printed at any size.</summary>
    private static void DrawQrCode(XGraphics graphics, string url, double left, double top, double size)
    {
        using var generator = new QRCodeGenerator();
        using var code = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        var matrix = code.ModuleMatrix; // includes the four-module quiet zone
        var module = size / matrix.Count;
        for (var row = 0; row < matrix.Count; row++)
        {
            var bits = matrix[row];
            var column = 0;
            while (column < bits.Length)
            {
                if (!bits[column])
                {
                    column++;
                    continue;
                }

                // One rectangle per dark run keeps the content stream small and leaves no hairline gaps.
                var start = column;
                while (column < bits.Length && bits[column])
                {
                    column++;
                }

                graphics.DrawRectangle(XBrushes.Black, left + (start * module), top + (row * module), (column - start) * module, module);
            }
        }
    }
}
