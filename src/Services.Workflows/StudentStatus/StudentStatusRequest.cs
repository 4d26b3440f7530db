using Services.Data.Dossiers;
using Services.Workflows.Forms;

namespace Services.Workflows.StudentStatus;

/// <summary>
/// What a parent submits to ask for a certificate of student status, as the service's own typed model. The questions
/// are checked by the same rules as every form (<see cref="FormAnswers"/>); the answers are kept under these keys.
/// </summary>
public sealed record StudentStatusRequest(string ApplicantName, DateOnly ApplicantDateOfBirth, string ApplicantPhone, string? ApplicantEmail,
    string PupilName, DateOnly PupilDateOfBirth, string PupilClass, string Purpose)
{
    public const string ApplicantNameKey = Dossiers.Applicant.NameKey;
    public const string ApplicantDateOfBirthKey = Dossiers.Applicant.DateOfBirthKey;
    public const string ApplicantPhoneKey = Dossiers.Applicant.PhoneKey;
    public const string ApplicantEmailKey = Dossiers.Applicant.EmailKey;
    public const string PupilNameKey = "hoc-sinh-ho-ten";
    public const string PupilDateOfBirthKey = "hoc-sinh-ngay-sinh";
    public const string PupilClassKey = "hoc-sinh-lop";
    public const string PurposeKey = "muc-dich";

    /// <summary>The questions, in the order the page asks them.</summary>
    public static IReadOnlyList<FormField> Questions { get; } =
    [
        .. Dossiers.Applicant.Questions(),
        new() { Key = PupilNameKey, Kind = FormFieldKind.Text, Required = true, MaxLength = 100, LabelVi = "Họ và tên học sinh", LabelEn = "Pupil's full name" },
        new() { Key = PupilDateOfBirthKey, Kind = FormFieldKind.Date, Required = true, NotInFuture = true, LabelVi = "Ngày sinh của học sinh", LabelEn = "Pupil's date of birth" },
        new() { Key = PupilClassKey, Kind = FormFieldKind.Text, Required = true, MaxLength = 20, LabelVi = "Lớp", LabelEn = "Class" },
        new()
        {
            Key = PurposeKey, Kind = FormFieldKind.Text, Required = true, MaxLength = 200, LabelVi = "Mục đích sử dụng giấy xác nhận", LabelEn = "What the certificate is for",
            HelpVi = "Ví dụ: hồ sơ học bổng, chế độ chính sách.", HelpEn = "For example: a scholarship or benefit application.",
        },
    ];

    /// <summary>The request the checked answers make, or the problems that prevent one.</summary>
    public static (StudentStatusRequest? Request, IReadOnlyList<FormError> Errors) From(IReadOnlyDictionary<string, string?> raw, DateOnly today)
    {
        var check = FormAnswers.Check(Questions, raw, today);
        if (!check.IsValid)
        {
            return (null, check.Errors);
        }

        var v = check.Values;
        return (new StudentStatusRequest(v[ApplicantNameKey], Dossiers.Applicant.ParseDate(v[ApplicantDateOfBirthKey]), v[ApplicantPhoneKey],
            v.GetValueOrDefault(ApplicantEmailKey), v[PupilNameKey], Dossiers.Applicant.ParseDate(v[PupilDateOfBirthKey]), v[PupilClassKey], v[PurposeKey]), []);
    }

    /// <summary>The answers as the dossier keeps them.</summary>
    public IReadOnlyDictionary<string, string> ToData()
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ApplicantNameKey] = ApplicantName,
            [ApplicantDateOfBirthKey] = ApplicantDateOfBirth.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            [ApplicantPhoneKey] = ApplicantPhone,
            [PupilNameKey] = PupilName,
            [PupilDateOfBirthKey] = PupilDateOfBirth.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            [PupilClassKey] = PupilClass,
            [PurposeKey] = Purpose,
        };
        if (!string.IsNullOrEmpty(ApplicantEmail))
        {
            data[ApplicantEmailKey] = ApplicantEmail;
        }

        return data;
    }
}
