using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Services.Workflows.Documents;

namespace Services.Workflows.Transfers;

/// <summary>What the decision states and who issues it.</summary>
/// <param name="SuperiorName">The issuing unit's superior, on the first line of the header (e.g. the district office above a school).</param>
/// <param name="SymbolOfIssuer">The issuer's initials in the number and symbol (Số: …/QĐ-THLL).</param>
/// <param name="SignerTitle">HIỆU TRƯỞNG or TRƯỞNG PHÒNG.</param>
public sealed record TransferDecisionData(string SuperiorName, string IssuerName, string SymbolOfIssuer, string SignerTitle, string Number,
    DateOnly IssuedOn, string Place, string PupilName, DateOnly PupilDateOfBirth, string PupilClass, int Grade, string SendingSchool,
    string ReceivingSchool, string Reason);

/// <summary>
/// Quyết định về việc chuyển trường: an A4 PDF in the layout of a Vietnamese administrative decision — issuing unit
/// under its superior on the left, the national motto on the right, number and symbol, place and date, the title,
/// the grounds, the articles, the recipients (nơi nhận) and the signer's title.
/// </summary>
public static class TransferDecisionLetter
{
    public static byte[] Render(TransferDecisionData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        PdfSharpSetup.EnsureConfigured();
        using var document = new PdfDocument();
        document.Info.Title = $"Quyết định chuyển trường {data.Number}";
        document.Info.Author = data.IssuerName;
        document.Info.Creator = "ServicesPortal";
        var vi = CultureInfo.GetCultureInfo("vi");
        var l = new ReceiptLayout(document);
        try
        {
            l.NewPage();
            // The issuing unit takes the left two-fifths or so and the national motto the rest, as in a printed decision.
            var leftWidth = l.ContentWidth * 0.42;
            var rightLeft = l.Left + leftWidth;
            var rightWidth = l.ContentWidth - leftWidth;
            var left = l.Centered(data.SuperiorName.ToUpper(vi), ReceiptLayout.Serif(11), l.Left, leftWidth - 8, l.Y);
            left = l.Centered(data.IssuerName.ToUpper(vi), ReceiptLayout.Serif(11, XFontStyleEx.Bold), l.Left, leftWidth - 8, left);
            l.Rule(l.Left + (leftWidth / 2) - 40, l.Left + (leftWidth / 2) + 36, left + 3);
            var right = l.NationalMotto(rightLeft, rightWidth, l.Y, 11.5, 75);
            left = l.Centered($"Số: {data.Number}/QĐ-{data.SymbolOfIssuer}", ReceiptLayout.Serif(11), l.Left, leftWidth - 8, left + 10);
            right = l.Centered($"{data.Place}, ngày {data.IssuedOn.Day:00} tháng {data.IssuedOn.Month:00} năm {data.IssuedOn.Year}",
                ReceiptLayout.Serif(12, XFontStyleEx.Italic), rightLeft, rightWidth, right + 10);
            l.Y = Math.Max(left, right) + 24;

            l.Y = l.Centered("QUYẾT ĐỊNH", ReceiptLayout.Serif(14, XFontStyleEx.Bold), l.Left, l.ContentWidth, l.Y);
            l.Y = l.Centered("Về việc chuyển trường cho học sinh", ReceiptLayout.Serif(13, XFontStyleEx.Bold), l.Left, l.ContentWidth, l.Y) + 14;
            l.Y = l.Centered(Authority(data.SignerTitle, data.IssuerName.ToUpper(vi)), ReceiptLayout.Serif(13, XFontStyleEx.Bold), l.Left, l.ContentWidth, l.Y) + 10;

            var font = ReceiptLayout.Serif(12.5);
            var italic = ReceiptLayout.Serif(12.5, XFontStyleEx.Italic);
            l.Y = l.Paragraph("Căn cứ quy định hiện hành về chuyển trường và tiếp nhận học sinh;", italic, l.Left, l.ContentWidth, l.Y);
            l.Y = l.Paragraph($"Căn cứ đơn đề nghị chuyển trường của cha mẹ học sinh (hồ sơ số {data.Number}) và ý kiến của {data.SendingSchool}, {data.ReceivingSchool};",
                italic, l.Left, l.ContentWidth, l.Y) + 12;
            l.Y = l.Centered("QUYẾT ĐỊNH:", ReceiptLayout.Serif(13, XFontStyleEx.Bold), l.Left, l.ContentWidth, l.Y) + 8;

            var dob = data.PupilDateOfBirth.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
            l.Y = l.Paragraph($"Điều 1. Cho học sinh {data.PupilName}, sinh ngày {dob}, đang học lớp {data.PupilClass} tại {data.SendingSchool}, "
                + $"được chuyển đến học lớp {data.Grade} tại {data.ReceivingSchool}.", font, l.Left, l.ContentWidth, l.Y) + 4;
            l.Y = l.Paragraph($"Lý do chuyển trường: {data.Reason}.", font, l.Left, l.ContentWidth, l.Y) + 4;
            l.Y = l.Paragraph($"Điều 2. {data.SendingSchool} bàn giao hồ sơ học sinh (học bạ) cho {data.ReceivingSchool}; "
                + $"{data.ReceivingSchool} tiếp nhận và xếp lớp cho học sinh.", font, l.Left, l.ContentWidth, l.Y) + 4;
            l.Y = l.Paragraph("Điều 3. Quyết định có hiệu lực kể từ ngày ký. Hiệu trưởng hai trường, cha mẹ học sinh và học sinh có tên tại Điều 1 chịu trách nhiệm thi hành quyết định này.",
                font, l.Left, l.ContentWidth, l.Y) + 20;

            l.EnsureSpace(130);
            var half = l.ContentWidth / 2;
            var top = l.Y;
            var recipients = l.Paragraph("Nơi nhận:", ReceiptLayout.Serif(11.5, XFontStyleEx.BoldItalic), l.Left, half - 10, top);
            foreach (var line in new[] { "- Như Điều 1;", $"- {data.SendingSchool};", $"- {data.ReceivingSchool};", "- Lưu: VT." })
            {
                recipients = l.Paragraph(line, ReceiptLayout.Serif(10.5), l.Left, half - 10, recipients);
            }

            var sign = l.Centered(data.SignerTitle, ReceiptLayout.Serif(12.5, XFontStyleEx.Bold), l.Left + half, half, top);
            sign = l.Centered("(Ký, ghi rõ họ tên và đóng dấu)", ReceiptLayout.Serif(11, XFontStyleEx.Italic), l.Left + half, half, sign);
            l.Y = Math.Max(recipients, sign);
        }
        finally
        {
            l.Dispose();
        }

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    /// <summary>
    /// Who decides, as the line above the grounds says it: HIỆU TRƯỞNG TRƯỜNG TIỂU HỌC LÊ LỢI, but TRƯỞNG PHÒNG GIÁO DỤC …
    /// (the title's last word is the unit's first, said once).
    /// </summary>
    public static string Authority(string signerTitle, string issuer)
    {
        ArgumentNullException.ThrowIfNull(signerTitle);
        ArgumentNullException.ThrowIfNull(issuer);
        var shared = issuer.Split(' ')[0];
        return signerTitle.EndsWith(" " + shared, StringComparison.Ordinal) ? $"{signerTitle}{issuer[shared.Length..]}" : $"{signerTitle} {issuer}";
    }

    /// <summary>
    /// The issuer's part of the symbol, as units abbreviate themselves: the initials of its name without "Trường", "và"
    /// and the place (Phòng Giáo dục và Đào tạo huyện Long Hòa → PGDĐT, Trường Tiểu học Lê Lợi → THLL).
    /// </summary>
    public static string Symbol(string unitName)
    {
        ArgumentNullException.ThrowIfNull(unitName);
        var words = unitName.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (words.Count > 1 && words[0] == "Trường")
        {
            words.RemoveAt(0);
        }

        var place = words.FindIndex(w => w is "quận" or "huyện" or "thành" or "thị" or "tỉnh");
        var named = place > 0 ? words.Take(place) : words;
        return string.Concat(named.Where(w => w != "và").Select(w => char.ToUpperInvariant(Plain(w[0]))));
    }

    private static char Plain(char letter)
    {
        if (letter is 'đ' or 'Đ')
        {
            return 'Đ';
        }

        var decomposed = letter.ToString().Normalize(System.Text.NormalizationForm.FormD);
        return decomposed[0];
    }
}
