using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Services.Data.Exams;
using Services.Workflows.Documents;
using Services.Workflows.Runtime;

namespace Services.Workflows.Exams;

/// <summary>
/// The verification statement (kết quả xác minh văn bằng): what the registry says about one certificate at the time
/// of the check — valid, revoked with the reason and date, or corrected with the correction — and that time.
/// </summary>
public static class CertificateStatement
{
    public static byte[] Render(Certificate certificate, string issuerName, DateTimeOffset checkedAt)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        PdfSharpSetup.EnsureConfigured();
        using var document = new PdfDocument();
        document.Info.Title = $"Kết quả xác minh văn bằng {certificate.Serial}";
        document.Info.Creator = "ServicesPortal";
        var l = new ReceiptLayout(document);
        try
        {
            l.NewPage();
            l.Y = l.NationalMotto(l.Left, l.ContentWidth, l.Y, 11.5, 75) + 24;
            l.Y = l.Centered("KẾT QUẢ XÁC MINH VĂN BẰNG, CHỨNG CHỈ", ReceiptLayout.Serif(15, XFontStyleEx.Bold), l.Left, l.ContentWidth, l.Y) + 18;
            l.LabelledLine("Số hiệu", certificate.Serial, bold: true);
            l.LabelledLine("Người được cấp", certificate.HolderName, bold: true);
            l.LabelledLine("Ngày sinh", certificate.DateOfBirth.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));
            l.LabelledLine("Loại văn bằng", certificate.Type);
            l.LabelledLine("Xếp loại", certificate.Classification);
            l.LabelledLine("Năm", certificate.Year.ToString(CultureInfo.InvariantCulture));
            l.LabelledLine("Ngày cấp", certificate.IssuedOn.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));
            l.LabelledLine("Đơn vị cấp", issuerName);
            l.Y += 8;
            var changed = certificate.StatusChangedAt is { } at ? at.ToOffset(WorkingCalendar.VietnamOffset).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) : "";
            var status = certificate.Status switch
            {
                CertificateStatus.Revoked => $"ĐÃ BỊ THU HỒI ngày {changed}. Lý do: {certificate.StatusNote}",
                CertificateStatus.Corrected => $"CÓ HIỆU LỰC, đã được chỉnh sửa ngày {changed}: {certificate.StatusNote}",
                _ => "CÓ HIỆU LỰC theo sổ gốc cấp văn bằng, chứng chỉ.",
            };
            l.Y = l.Paragraph($"Tình trạng: {status}", ReceiptLayout.Serif(12.5, XFontStyleEx.Bold), l.Left, l.ContentWidth, l.Y) + 16;
            var time = checkedAt.ToOffset(WorkingCalendar.VietnamOffset).ToString("HH:mm:ss 'ngày' dd/MM/yyyy", CultureInfo.InvariantCulture);
            l.Y = l.Paragraph($"Xác minh trên cổng dịch vụ công lúc {time} (giờ Việt Nam).", ReceiptLayout.Serif(10.5, XFontStyleEx.Italic), l.Left, l.ContentWidth, l.Y);
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
