using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Services.Workflows.Documents;

namespace Services.Workflows.Audit;

/// <summary>One line of the printed timeline, already in the reader's words.</summary>
public sealed record HistoryPrintEntry(int Seq, DateTimeOffset At, string What, string Actor, string Steps, string? Ip, IReadOnlyList<string> Changes,
    string HashPrefix, bool Broken);

/// <summary>One human step's time against its due time, already in words.</summary>
public sealed record HistoryPrintStep(string Step, string Who, string Sla, DateTimeOffset Started, DateTimeOffset DueAt, DateTimeOffset? Finished);

/// <summary>What the printed history shows: the page's content in the page's words (the page model builds it).</summary>
public sealed record HistoryPrint(string Correlation, string Service, string Unit, string CurrentStep, string Verdict, bool Intact, string Path,
    IReadOnlyList<HistoryPrintStep> Steps, IReadOnlyList<HistoryPrintEntry> Entries, string PrintedBy, DateTimeOffset PrintedAt);

/// <summary>
/// The audit history as an A4 PDF (tagged, in Vietnamese): the dossier, the chain's verdict, the path taken, every
/// step's time against its due time and every journal entry with what it changed. It is a reading copy; the JSON export
/// with its inclusion proofs is what a verifier checks, and the PDF says so.
/// </summary>
public static class HistoryDocument
{
    public static byte[] Render(HistoryPrint print)
    {
        ArgumentNullException.ThrowIfNull(print);
        PdfSharpSetup.EnsureConfigured();
        var (pdf, pages) = RenderWithTotal(print, 1);
        return pages == 1 ? pdf : RenderWithTotal(print, pages).Pdf;
    }

    private static (byte[] Pdf, int Pages) RenderWithTotal(HistoryPrint print, int totalPages)
    {
        using var document = new PdfDocument();
        document.Info.Title = $"Lịch sử hồ sơ {print.Correlation}";
        document.Info.Creator = "ServicesPortal";
        var l = new ReceiptLayout(document);
        try
        {
            l.NumberPages(print.Correlation, totalPages);
            l.NewPage();
            l.Y = l.Centered("LỊCH SỬ XỬ LÝ HỒ SƠ", ReceiptLayout.Serif(15, XFontStyleEx.Bold), l.Left, l.ContentWidth, l.Y);
            l.Y = l.Centered(print.Correlation, ReceiptLayout.Serif(12.5, XFontStyleEx.Bold), l.Left, l.ContentWidth, l.Y + 2) + 14;
            l.LabelledLine("Dịch vụ", print.Service, bold: true);
            l.LabelledLine("Đơn vị", print.Unit);
            l.LabelledLine("Bước hiện tại", print.CurrentStep);
            l.LabelledLine("Kiểm chứng", print.Verdict, bold: !print.Intact);
            l.LabelledLine("Các bước đã đi", print.Path);
            l.Y += 8;

            Heading(l, "Thời hạn từng bước");
            if (print.Steps.Count == 0)
            {
                l.Y = l.Paragraph("Hồ sơ không có bước nào do cán bộ xử lý.", ReceiptLayout.Serif(11), l.Left, l.ContentWidth, l.Y);
            }
            else
            {
                var widths = new[] { l.ContentWidth * 0.26, l.ContentWidth * 0.26, l.ContentWidth * 0.24, l.ContentWidth * 0.24 };
                var head = ReceiptLayout.Serif(10, XFontStyleEx.Bold);
                var body = ReceiptLayout.Serif(10);
                l.TableRow(["Bước", "Người/đơn vị", "Thời hạn", "Kết quả"], widths, head, shaded: true);
                foreach (var step in print.Steps)
                {
                    string[] cells = [step.Step, step.Who,
                        $"Từ {Time(step.Started)}\nhạn {Time(step.DueAt)}", (step.Finished is { } f ? $"Xong {Time(f)}\n" : "") + step.Sla];
                    if (l.WouldOverflow(cells, widths, body))
                    {
                        l.NewPage();
                        l.TableRow(["Bước", "Người/đơn vị", "Thời hạn", "Kết quả"], widths, head, shaded: true);
                    }

                    l.TableRow(cells, widths, body);
                }
            }

            l.Y += 12;
            Heading(l, $"Nhật ký ({print.Entries.Count} mục)");
            var font = ReceiptLayout.Serif(10);
            var bold = ReceiptLayout.Serif(10.5, XFontStyleEx.Bold);
            foreach (var entry in print.Entries)
            {
                l.EnsureSpace(60);
                l.Y = l.Paragraph($"#{entry.Seq.ToString(CultureInfo.InvariantCulture)} · {Time(entry.At)} — {entry.What}" +
                    (entry.Broken ? " — CHUỖI BỊ PHÁ VỠ TẠI MỤC NÀY" : ""), bold, l.Left, l.ContentWidth, l.Y);
                l.Y = l.Paragraph($"Người thực hiện: {entry.Actor}; địa chỉ IP: {entry.Ip ?? "không có"}; bước: {entry.Steps}", font, l.Left + 12,
                    l.ContentWidth - 12, l.Y);
                foreach (var change in entry.Changes)
                {
                    l.EnsureSpace(40);
                    l.Y = l.Paragraph(change, font, l.Left + 12, l.ContentWidth - 12, l.Y);
                }

                l.Y = l.Paragraph($"Mã băm: {entry.HashPrefix}…", ReceiptLayout.Serif(8.5), l.Left + 12, l.ContentWidth - 12, l.Y) + 6;
            }

            l.EnsureSpace(50);
            l.Y += 6;
            l.Y = l.Paragraph(
                $"In lúc {Time(print.PrintedAt)} (giờ Việt Nam) bởi {print.PrintedBy}. Bản in để đọc; tệp JSON kèm bằng chứng là bản để kiểm chứng " +
                "(lệnh: Services.Web verify-history TỆP.json).", ReceiptLayout.Serif(9.5, XFontStyleEx.Italic), l.Left, l.ContentWidth, l.Y);
            l.Finish();
        }
        finally
        {
            l.Dispose();
        }

        var pages = document.PageCount;
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return (output.ToArray(), pages);
    }

    private static void Heading(ReceiptLayout l, string text)
    {
        l.EnsureSpace(40);
        l.Y = l.Paragraph(text, ReceiptLayout.Serif(12.5, XFontStyleEx.Bold), l.Left, l.ContentWidth, l.Y) + 4;
    }

    private static string Time(DateTimeOffset at) =>
        at.ToOffset(Runtime.WorkingCalendar.VietnamOffset).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture);
}
