using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Services.Workflows.Documents;

namespace Services.Workflows.StudentStatus;

/// <summary>What the certificate states.</summary>
public sealed record StudentStatusCertificateData(string SchoolName, string TrackingCode, string PupilName, DateOnly PupilDateOfBirth, string PupilClass,
    string Purpose, DateOnly IssuedOn);

/// <summary>
/// Giấy xác nhận học sinh: an A4 PDF in the administrative layout (school and national motto, title, the statement
/// that the pupil attends the school, purpose, place and date, the head teacher's signature block).
/// </summary>
public static class StudentStatusCertificate
{
    public static byte[] Render(StudentStatusCertificateData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        PdfSharpSetup.EnsureConfigured();
        using var document = new PdfDocument();
        document.Info.Title = $"Giấy xác nhận học sinh {data.TrackingCode}";
        document.Info.Author = data.SchoolName;
        document.Info.Creator = "ServicesPortal";
        var l = new ReceiptLayout(document);
        try
        {
            l.NewPage();
            var half = l.ContentWidth / 2;
            var left = l.Centered(data.SchoolName.ToUpper(CultureInfo.GetCultureInfo("vi")), ReceiptLayout.Serif(11.5, XFontStyleEx.Bold), l.Left, half - 10, l.Y);
            var right = l.NationalMotto(l.Left + half, half, l.Y, 11.5, 70);
            left = l.Centered($"Số: {data.TrackingCode}", ReceiptLayout.Serif(11.5), l.Left, half - 10, left + 4);
            l.Y = Math.Max(left, right) + 30;
            l.Y = l.Centered("GIẤY XÁC NHẬN HỌC SINH", ReceiptLayout.Serif(16, XFontStyleEx.Bold), l.Left, l.ContentWidth, l.Y) + 18;

            var font = ReceiptLayout.Serif(12.5);
            l.Y = l.Paragraph($"{data.SchoolName} xác nhận:", font, l.Left, l.ContentWidth, l.Y) + 6;
            l.LabelledLine("Học sinh", data.PupilName, bold: true);
            l.LabelledLine("Ngày sinh", data.PupilDateOfBirth.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));
            l.LabelledLine("Lớp", data.PupilClass);
            l.Y += 6;
            l.Y = l.Paragraph($"hiện đang theo học tại {data.SchoolName}.", font, l.Left, l.ContentWidth, l.Y) + 6;
            l.Y = l.Paragraph($"Giấy xác nhận này được cấp để: {data.Purpose}.", font, l.Left, l.ContentWidth, l.Y) + 24;

            l.EnsureSpace(110);
            var signLeft = l.Left + half;
            var date = data.IssuedOn;
            var y = l.Centered($"ngày {date.Day:00} tháng {date.Month:00} năm {date.Year}", ReceiptLayout.Serif(12, XFontStyleEx.Italic), signLeft, half, l.Y);
            y = l.Centered("HIỆU TRƯỞNG", ReceiptLayout.Serif(12, XFontStyleEx.Bold), signLeft, half, y + 4);
            l.Y = l.Centered("(Ký, ghi rõ họ tên và đóng dấu)", ReceiptLayout.Serif(11, XFontStyleEx.Italic), signLeft, half, y);
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
