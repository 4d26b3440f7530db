using Services.Tests.Unit.Documents;
using Services.Workflows.StudentStatus;

namespace Services.Tests.Unit.StudentStatus;

public sealed class StudentStatusCertificateTests
{
    [Fact]
    public async Task The_certificate_names_the_school_the_pupil_the_class_and_the_purpose()
    {
        var pdf = StudentStatusCertificate.Render(new StudentStatusCertificateData(
            "Trường Tiểu học Lê Lợi", "HS-26-7K3M-9QX2", "Trần Minh Khôi", new DateOnly(2018, 5, 4), "3A2", "hồ sơ học bổng", new DateOnly(2026, 11, 27)));

        Assert.Equal("%PDF-"u8.ToArray(), pdf[..5]);
        var text = await PdfText.ExtractAsync(pdf);
        Assert.Contains("GIẤY XÁC NHẬN HỌC SINH", text, StringComparison.Ordinal);
        Assert.Contains("Trần Minh Khôi", text, StringComparison.Ordinal);
        Assert.Contains("04/05/2018", text, StringComparison.Ordinal);
        Assert.Contains("3A2", text, StringComparison.Ordinal);
        Assert.Contains("hồ sơ học bổng", text, StringComparison.Ordinal);
        Assert.Contains("ngày 27 tháng 11 năm 2026", text, StringComparison.Ordinal);
        Assert.Contains("HS-26-7K3M-9QX2", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_request_with_a_control_character_or_a_missing_answer_is_refused_with_each_problem()
    {
        var raw = new Dictionary<string, string?>
        {
            [StudentStatusRequest.ApplicantNameKey] = "Nguyễn Thị Lan\u0007",
            [StudentStatusRequest.ApplicantDateOfBirthKey] = "1988-04-12",
            [StudentStatusRequest.ApplicantPhoneKey] = "0903123456",
            [StudentStatusRequest.PupilNameKey] = "Trần Minh Khôi",
            [StudentStatusRequest.PupilDateOfBirthKey] = "2018-05-04",
            [StudentStatusRequest.PurposeKey] = "Học bổng",
        };

        var (request, errors) = StudentStatusRequest.From(raw, new DateOnly(2026, 11, 2));

        Assert.Null(request);
        Assert.Contains(errors, e => e.FieldKey == StudentStatusRequest.ApplicantNameKey && e.Kind == Services.Workflows.Forms.FormErrorKind.InvalidCharacters);
        Assert.Contains(errors, e => e.FieldKey == StudentStatusRequest.PupilClassKey && e.Kind == Services.Workflows.Forms.FormErrorKind.Required);
    }
}
