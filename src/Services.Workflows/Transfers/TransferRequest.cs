using System.Globalization;
using Services.Data.Dossiers;
using Services.Data.Units;
using Services.Workflows.Forms;

namespace Services.Workflows.Transfers;

/// <summary>A school a pupil may move to: same level as the school they leave, possibly under another district office.</summary>
public sealed record TransferSchool(Guid Id, string NameVi, string NameEn, Guid? DistrictId, string? DistrictNameVi);

/// <summary>
/// What a parent submits to move a pupil from the school of the page (the sending school) to another school of the
/// same level. The questions depend on the sending school: its grades, and the schools that can receive the pupil.
/// </summary>
public sealed record TransferRequest(string ApplicantName, DateOnly ApplicantDateOfBirth, string ApplicantPhone, string? ApplicantEmail,
    string PupilName, DateOnly PupilDateOfBirth, string PupilClass, int Grade, Guid ReceivingSchoolId, string Reason)
{
    public const string ApplicantNameKey = Dossiers.Applicant.NameKey;
    public const string ApplicantDateOfBirthKey = Dossiers.Applicant.DateOfBirthKey;
    public const string ApplicantPhoneKey = Dossiers.Applicant.PhoneKey;
    public const string ApplicantEmailKey = Dossiers.Applicant.EmailKey;
    public const string PupilNameKey = "hoc-sinh-ho-ten";
    public const string PupilDateOfBirthKey = "hoc-sinh-ngay-sinh";
    public const string PupilClassKey = "hoc-sinh-lop";
    public const string GradeKey = "khoi-lop";
    public const string ReceivingSchoolKey = "truong-den";
    public const string ReasonKey = "ly-do";

    /// <summary>The grades a school of <paramref name="kind"/> teaches; empty when it takes no transfers (preschools, centres, offices).</summary>
    public static IReadOnlyList<int> GradesOf(UnitKind kind) => kind switch
    {
        UnitKind.PrimarySchool => [1, 2, 3, 4, 5],
        UnitKind.LowerSecondarySchool => [6, 7, 8, 9],
        UnitKind.UpperSecondarySchool => [10, 11, 12],
        _ => [],
    };

    /// <summary>The questions, in the order the page asks them, for a school teaching <paramref name="grades"/> that can send pupils to <paramref name="schools"/>.</summary>
    public static IReadOnlyList<FormField> Questions(IReadOnlyList<int> grades, IReadOnlyList<TransferSchool> schools)
    {
        ArgumentNullException.ThrowIfNull(grades);
        ArgumentNullException.ThrowIfNull(schools);
        return
        [
            .. Dossiers.Applicant.Questions("Họ và tên cha, mẹ hoặc người giám hộ", "Parent's or guardian's full name"),
            new() { Key = PupilNameKey, Kind = FormFieldKind.Text, Required = true, MaxLength = 100, LabelVi = "Họ và tên học sinh", LabelEn = "Pupil's full name" },
            new() { Key = PupilDateOfBirthKey, Kind = FormFieldKind.Date, Required = true, NotInFuture = true, LabelVi = "Ngày sinh của học sinh", LabelEn = "Pupil's date of birth" },
            new() { Key = PupilClassKey, Kind = FormFieldKind.Text, Required = true, MaxLength = 20, LabelVi = "Lớp đang học", LabelEn = "Current class" },
            new()
            {
                Key = GradeKey, Kind = FormFieldKind.Choice, Required = true, LabelVi = "Khối lớp xin chuyển đến", LabelEn = "Grade to transfer into",
                Choices = grades.Select(g => new FormChoice
                {
                    Value = g.ToString(CultureInfo.InvariantCulture), LabelVi = $"Lớp {g}", LabelEn = $"Grade {g}",
                }).ToList(),
            },
            new()
            {
                Key = ReceivingSchoolKey, Kind = FormFieldKind.Choice, Required = true, LabelVi = "Trường xin chuyển đến", LabelEn = "Receiving school",
                Choices = schools.Select(s => new FormChoice { Value = s.Id.ToString(), LabelVi = s.NameVi, LabelEn = s.NameEn }).ToList(),
            },
            new()
            {
                Key = ReasonKey, Kind = FormFieldKind.LongText, Required = true, MaxLength = 1000, LabelVi = "Lý do xin chuyển trường", LabelEn = "Reason for the transfer",
                HelpVi = "Ví dụ: gia đình chuyển nơi cư trú.", HelpEn = "For example: the family is moving house.",
            },
        ];
    }

    /// <summary>The request the checked answers make, or the problems that prevent one.</summary>
    public static (TransferRequest? Request, IReadOnlyList<FormError> Errors) From(IReadOnlyList<FormField> questions, IReadOnlyDictionary<string, string?> raw,
        DateOnly today)
    {
        var check = FormAnswers.Check(questions, raw, today);
        if (!check.IsValid)
        {
            return (null, check.Errors);
        }

        var v = check.Values;
        return (new TransferRequest(v[ApplicantNameKey], Dossiers.Applicant.ParseDate(v[ApplicantDateOfBirthKey]), v[ApplicantPhoneKey],
            v.GetValueOrDefault(ApplicantEmailKey), v[PupilNameKey], Dossiers.Applicant.ParseDate(v[PupilDateOfBirthKey]), v[PupilClassKey],
            int.Parse(v[GradeKey], CultureInfo.InvariantCulture), Guid.Parse(v[ReceivingSchoolKey]), v[ReasonKey]), []);
    }

    /// <summary>The answers as the dossier keeps them.</summary>
    public Dictionary<string, string> ToData()
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ApplicantNameKey] = ApplicantName,
            [ApplicantDateOfBirthKey] = ApplicantDateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            [ApplicantPhoneKey] = ApplicantPhone,
            [PupilNameKey] = PupilName,
            [PupilDateOfBirthKey] = PupilDateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            [PupilClassKey] = PupilClass,
            [GradeKey] = Grade.ToString(CultureInfo.InvariantCulture),
            [ReceivingSchoolKey] = ReceivingSchoolId.ToString(),
            [ReasonKey] = Reason,
        };
        if (!string.IsNullOrEmpty(ApplicantEmail))
        {
            data[ApplicantEmailKey] = ApplicantEmail;
        }

        return data;
    }
}
