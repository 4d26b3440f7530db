using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Services.Data.Consultations;
using Services.Workflows.Documents;

namespace Services.Workflows.Consultations;

/// <summary>
/// Báo cáo tiếp thu, giải trình ý kiến góp ý: an A4 PDF in the layout of a Vietnamese administrative document (issuing
/// unit and national motto, place and date, title), then one table row per counted comment with who made it, on which
/// part of the draft, how it was taken into account and why. Always in Vietnamese: it is the unit's official answer.
/// </summary>
public static class ConsultationReportDocument
{
    public static byte[] Render(string unitName, Consultation consultation, IReadOnlyList<ConsultationComment> comments, DateOnly issuedOn)
    {
        ArgumentNullException.ThrowIfNull(unitName);
        ArgumentNullException.ThrowIfNull(consultation);
        ArgumentNullException.ThrowIfNull(comments);
        PdfSharpSetup.EnsureConfigured();
        var counted = comments.Where(c => c.ReplyTo is null).ToList();
        using var document = new PdfDocument();
        document.Info.Title = $"Báo cáo tiếp thu, giải trình: {consultation.Title}";
        document.Info.Author = unitName;
        document.Info.Creator = "ServicesPortal";
        var vi = CultureInfo.GetCultureInfo("vi");
        var l = new ReceiptLayout(document);
        try
        {
            l.NewPage();
            var leftWidth = l.ContentWidth * 0.42;
            var rightLeft = l.Left + leftWidth;
            var rightWidth = l.ContentWidth - leftWidth;
            var left = l.Centered(unitName.ToUpper(vi), ReceiptLayout.Serif(11, XFontStyleEx.Bold), l.Left, leftWidth - 8, l.Y);
            l.Rule(l.Left + (leftWidth / 2) - 40, l.Left + (leftWidth / 2) + 36, left + 3);
            var right = l.NationalMotto(rightLeft, rightWidth, l.Y, 11.5, 75);
            right = l.Centered($"ngày {issuedOn.Day:00} tháng {issuedOn.Month:00} năm {issuedOn.Year}", ReceiptLayout.Serif(12, XFontStyleEx.Italic), rightLeft, rightWidth, right + 10);
            l.Y = Math.Max(left, right) + 24;

            l.Y = l.Centered("BÁO CÁO", ReceiptLayout.Serif(14, XFontStyleEx.Bold), l.Left, l.ContentWidth, l.Y);
            l.Y = l.Centered("Tiếp thu, giải trình ý kiến góp ý", ReceiptLayout.Serif(13, XFontStyleEx.Bold), l.Left, l.ContentWidth, l.Y);
            l.Y = l.Centered(consultation.Title, ReceiptLayout.Serif(13, XFontStyleEx.Bold), l.Left, l.ContentWidth, l.Y) + 12;

            var font = ReceiptLayout.Serif(12);
            var period = $"Thời gian lấy ý kiến: từ {Local(consultation.OpensAt)} đến {Local(consultation.ClosesAt)}. Số ý kiến nhận được: {counted.Count}; "
                + $"tiếp thu: {counted.Count(c => c.Disposition == Disposition.Accepted)}; tiếp thu một phần: {counted.Count(c => c.Disposition == Disposition.PartlyAccepted)}; "
                + $"giải trình: {counted.Count(c => c.Disposition == Disposition.Explained)}.";
            l.Y = l.Paragraph(period, font, l.Left, l.ContentWidth, l.Y) + 10;

            double[] widths = [26, 100, 150, 100, l.ContentWidth - 376];
            string[] header = ["TT", "Người góp ý", "Nội dung góp ý", "Tiếp thu / giải trình", "Lý do"];
            var cellFont = ReceiptLayout.Serif(10);
            l.TableRow(header, widths, ReceiptLayout.Serif(10, XFontStyleEx.Bold), shaded: true);
            for (var i = 0; i < counted.Count; i++)
            {
                var c = counted[i];
                var who = c.Organisation is { Length: > 0 } organisation ? $"{c.Name} ({organisation})" : c.Name;
                var about = c.Section is { } s && s < consultation.Sections.Count ? $"[{consultation.Sections[s].Heading}] {c.Body}" : $"[Toàn văn] {c.Body}";
                string[] row = [(i + 1).ToString(CultureInfo.InvariantCulture), who, about, Name(c.Disposition), c.DispositionReason ?? ""];
                if (l.WouldOverflow(row, widths, cellFont))
                {
                    l.NewPage();
                    l.TableRow(header, widths, ReceiptLayout.Serif(10, XFontStyleEx.Bold), shaded: true);
                }

                l.TableRow(row, widths, cellFont);
            }

            l.Y += 24;
            l.EnsureSpace(60);
            var half = l.ContentWidth / 2;
            l.Y = l.Centered("THỦ TRƯỞNG ĐƠN VỊ", ReceiptLayout.Serif(12.5, XFontStyleEx.Bold), l.Left + half, half, l.Y);
            l.Y = l.Centered("(Ký, ghi rõ họ tên và đóng dấu)", ReceiptLayout.Serif(11, XFontStyleEx.Italic), l.Left + half, half, l.Y);
        }
        finally
        {
            l.Dispose();
        }

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    /// <summary>The disposition as the report names it.</summary>
    public static string Name(Disposition? disposition) => disposition switch
    {
        Disposition.Accepted => "Tiếp thu",
        Disposition.PartlyAccepted => "Tiếp thu một phần",
        Disposition.Explained => "Giải trình",
        _ => "Chưa xử lý",
    };

    private static string Local(DateTimeOffset at) =>
        at.ToOffset(Runtime.WorkingCalendar.VietnamOffset).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture);
}
