using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Services.Workflows.Documents;

namespace Services.Workflows.Exams;

/// <summary>
/// Giấy báo điểm: the candidate's result as an A4 PDF (exam, candidate, one row per subject), with the time it was
/// printed, since a later re-grading may change a score.
/// </summary>
public static class ExamResultDocument
{
    public static byte[] Render(ExamResult result, DateTimeOffset printedAt)
    {
        ArgumentNullException.ThrowIfNull(result);
        PdfSharpSetup.EnsureConfigured();
        using var document = new PdfDocument();
        document.Info.Title = $"Giấy báo điểm {result.Number}";
        document.Info.Creator = "ServicesPortal";
        var l = new ReceiptLayout(document);
        try
        {
            l.NewPage();
            l.Y = l.NationalMotto(l.Left, l.ContentWidth, l.Y, 11.5, 75) + 24;
            l.Y = l.Centered("GIẤY BÁO ĐIỂM", ReceiptLayout.Serif(16, XFontStyleEx.Bold), l.Left, l.ContentWidth, l.Y);
            l.Y = l.Centered(result.ExamName, ReceiptLayout.Serif(12.5, XFontStyleEx.Bold), l.Left, l.ContentWidth, l.Y + 4) + 18;
            l.LabelledLine("Số báo danh", result.Number, bold: true);
            l.LabelledLine("Họ và tên", result.FullName, bold: true);
            l.LabelledLine("Ngày sinh", result.DateOfBirth.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));
            l.LabelledLine("Trường", result.School);
            l.LabelledLine("Phòng thi", result.Room);
            l.Y += 10;
            var widths = new[] { l.ContentWidth * 0.65, l.ContentWidth * 0.35 };
            l.TableRow(["Môn thi", "Điểm"], widths, ReceiptLayout.Serif(11.5, XFontStyleEx.Bold), shaded: true);
            foreach (var (subject, score) in result.Scores)
            {
                l.TableRow([subject, score is { } s ? s.ToString("0.00", CultureInfo.InvariantCulture) : "Không dự thi"], widths, ReceiptLayout.Serif(11.5));
            }

            l.Y += 16;
            var printed = printedAt.ToOffset(Runtime.WorkingCalendar.VietnamOffset);
            l.Y = l.Paragraph($"In từ cổng dịch vụ công lúc {printed.ToString("HH:mm 'ngày' dd/MM/yyyy", CultureInfo.InvariantCulture)} (giờ Việt Nam).",
                ReceiptLayout.Serif(10.5, XFontStyleEx.Italic), l.Left, l.ContentWidth, l.Y);
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
