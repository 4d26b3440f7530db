using System.Globalization;
using Services.Data.Admissions;
using Services.Data.Dossiers;
using Services.Workflows.Forms;

namespace Services.Workflows.Admissions;

/// <summary>A school a family may rank, with its name in both languages.</summary>
public sealed record SchoolChoice(Guid Id, string NameVi, string NameEn);

/// <summary>
/// What a family submits to a campaign. The questions depend on the campaign (its schools, wards, priority groups and
/// number of choices); they are checked by the shared form rules, plus the service's own: the 12-digit personal
/// identification number, no school ranked twice, the declaration.
/// </summary>
public sealed record AdmissionRequest(Guid CampaignId, string ChildName, DateOnly ChildDateOfBirth, string ChildSex, string PersonalId, string PlaceOfBirth,
    string ParentName, DateOnly ParentDateOfBirth, string ParentPhone, string? ParentEmail, ResidenceCategory Residence, string Address, string Ward,
    int? PriorityOrder, IReadOnlyList<Guid> Choices)
{
    public const string ChildNameKey = "hoc-sinh-ho-ten";
    public const string ChildDateOfBirthKey = "hoc-sinh-ngay-sinh";
    public const string ChildSexKey = "hoc-sinh-gioi-tinh";
    public const string PersonalIdKey = "hoc-sinh-ma-dinh-danh";
    public const string PlaceOfBirthKey = "hoc-sinh-noi-sinh";
    public const string ParentNameKey = "cha-me-ho-ten";
    public const string ParentDateOfBirthKey = "cha-me-ngay-sinh";
    public const string ParentPhoneKey = "cha-me-dien-thoai";
    public const string ParentEmailKey = "cha-me-email";
    public const string ResidenceKey = "cu-tru-hinh-thuc";
    public const string AddressKey = "cu-tru-dia-chi";
    public const string WardKey = "cu-tru-phuong";
    public const string PriorityKey = "uu-tien";
    public const string ChoiceKeyPrefix = "nguyen-vong-";
    public const string DeclarationKey = "cam-doan";
    public const string CampaignKey = "dot-tuyen-sinh";

    /// <summary>The ward value for "another ward": out of every zone.</summary>
    public const string OtherWard = "-";

    public static IReadOnlyList<FormField> Questions(AdmissionCampaign campaign, IReadOnlyList<SchoolChoice> schools)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(schools);
        var wards = campaign.Schools.SelectMany(s => s.ZoneWards).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(w => new FormChoice { Value = w, LabelVi = w, LabelEn = w })
            .Append(new FormChoice { Value = OtherWard, LabelVi = "Phường, xã khác", LabelEn = "Another ward" }).ToList();
        var questions = new List<FormField>
        {
            new() { Key = ChildNameKey, Kind = FormFieldKind.Text, Required = true, MaxLength = 100, LabelVi = "Họ và tên của trẻ", LabelEn = "Child's full name", SectionVi = "Thông tin của trẻ", SectionEn = "The child" },
            new() { Key = ChildDateOfBirthKey, Kind = FormFieldKind.Date, Required = true, NotInFuture = true, LabelVi = "Ngày sinh của trẻ", LabelEn = "Child's date of birth" },
            new()
            {
                Key = ChildSexKey, Kind = FormFieldKind.Choice, Required = true, LabelVi = "Giới tính", LabelEn = "Sex",
                Choices = [new() { Value = "nam", LabelVi = "Nam", LabelEn = "Male" }, new() { Value = "nu", LabelVi = "Nữ", LabelEn = "Female" }],
            },
            new()
            {
                Key = PersonalIdKey, Kind = FormFieldKind.Text, Required = true, MaxLength = 12, LabelVi = "Mã định danh cá nhân của trẻ", LabelEn = "Child's personal identification number",
                HelpVi = "12 chữ số. Dùng cùng ngày sinh của trẻ để tra cứu kết quả.", HelpEn = "12 digits. Used with the child's date of birth to look up the result.",
            },
            new() { Key = PlaceOfBirthKey, Kind = FormFieldKind.Text, Required = true, MaxLength = 200, LabelVi = "Nơi sinh", LabelEn = "Place of birth" },
            new() { Key = ParentNameKey, Kind = FormFieldKind.Text, Required = true, MaxLength = 100, LabelVi = "Họ và tên cha, mẹ hoặc người giám hộ", LabelEn = "Parent or guardian's full name", SectionVi = "Cha, mẹ hoặc người giám hộ", SectionEn = "Parent or guardian" },
            new() { Key = ParentDateOfBirthKey, Kind = FormFieldKind.Date, Required = true, NotInFuture = true, LabelVi = "Ngày sinh của cha, mẹ hoặc người giám hộ", LabelEn = "Parent or guardian's date of birth" },
            new() { Key = ParentPhoneKey, Kind = FormFieldKind.Phone, Required = true, MaxLength = 20, LabelVi = "Số điện thoại", LabelEn = "Phone number" },
            new() { Key = ParentEmailKey, Kind = FormFieldKind.Email, Required = false, MaxLength = 200, LabelVi = "Thư điện tử", LabelEn = "E-mail" },
            new()
            {
                Key = ResidenceKey, Kind = FormFieldKind.Choice, Required = true, LabelVi = "Hình thức cư trú", LabelEn = "Residence category", SectionVi = "Nơi cư trú", SectionEn = "Residence",
                Choices =
                [
                    new() { Value = nameof(ResidenceCategory.Permanent), LabelVi = "Thường trú", LabelEn = "Permanent residence" },
                    new() { Value = nameof(ResidenceCategory.Current), LabelVi = "Tạm trú", LabelEn = "Current (temporary) residence" },
                    new() { Value = nameof(ResidenceCategory.Other), LabelVi = "Khác", LabelEn = "Other" },
                ],
            },
            new() { Key = AddressKey, Kind = FormFieldKind.Text, Required = true, MaxLength = 200, LabelVi = "Địa chỉ (số nhà, đường, tổ, khu phố)", LabelEn = "Address (number, street)" },
            new() { Key = WardKey, Kind = FormFieldKind.Choice, Required = true, LabelVi = "Phường, xã", LabelEn = "Ward", Choices = wards },
        };
        if (campaign.PriorityGroups.Count > 0)
        {
            questions.Add(new()
            {
                Key = PriorityKey, Kind = FormFieldKind.Choice, Required = false, LabelVi = "Đối tượng ưu tiên (nếu có)", LabelEn = "Priority group (if any)",
                HelpVi = "Minh chứng được nhà trường kiểm tra khi xác minh hồ sơ.", HelpEn = "The school checks the evidence when it verifies the application.",
                Choices = campaign.PriorityGroups.OrderBy(g => g.Order)
                    .Select(g => new FormChoice { Value = g.Order.ToString(CultureInfo.InvariantCulture), LabelVi = g.NameVi, LabelEn = g.NameEn }).ToList(),
            });
        }

        var schoolChoices = schools.Select(s => new FormChoice { Value = s.Id.ToString(), LabelVi = s.NameVi, LabelEn = s.NameEn }).ToList();
        for (var n = 1; n <= campaign.MaxChoices; n++)
        {
            questions.Add(new()
            {
                Key = $"{ChoiceKeyPrefix}{n}", Kind = FormFieldKind.Choice, Required = n == 1, LabelVi = $"Nguyện vọng {n}", LabelEn = $"Choice {n}",
                SectionVi = n == 1 ? "Nguyện vọng (xếp theo thứ tự mong muốn)" : null, SectionEn = n == 1 ? "Choices (in the order you prefer)" : null,
                HelpVi = n == 1 ? "Hãy xếp đúng thứ tự mong muốn: cách xét tuyển bảo đảm khai thật không bao giờ bất lợi." : null,
                HelpEn = n == 1 ? "Rank the schools in the order you truly prefer: the draw guarantees honesty never hurts." : null,
                Choices = schoolChoices,
            });
        }

        questions.Add(new()
        {
            Key = DeclarationKey, Kind = FormFieldKind.Checkbox, Required = true,
            LabelVi = "Tôi cam đoan những thông tin trên là đúng sự thật.", LabelEn = "I declare that the information above is true.",
        });
        return questions;
    }

    /// <summary>The request the checked answers make; or the form's errors and the service's own (field key → text key).</summary>
    public static (AdmissionRequest? Request, IReadOnlyList<FormError> Errors, IReadOnlyDictionary<string, string> RuleErrors) From(
        AdmissionCampaign campaign, IReadOnlyList<FormField> questions, IReadOnlyDictionary<string, string?> raw, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var check = FormAnswers.Check(questions, raw, today);
        var rules = new Dictionary<string, string>(StringComparer.Ordinal);
        var personalId = raw.GetValueOrDefault(PersonalIdKey)?.Trim() ?? "";
        if (personalId.Length > 0 && !IsPersonalId(personalId))
        {
            rules[PersonalIdKey] = "Admissions.Error.PersonalId";
        }

        var choices = Enumerable.Range(1, campaign.MaxChoices).Select(n => raw.GetValueOrDefault($"{ChoiceKeyPrefix}{n}")).Where(v => !string.IsNullOrEmpty(v)).ToList();
        if (choices.Distinct(StringComparer.Ordinal).Count() != choices.Count)
        {
            rules[$"{ChoiceKeyPrefix}1"] = "Admissions.Error.SameSchoolTwice";
        }

        if (!check.IsValid || rules.Count > 0)
        {
            return (null, check.Errors, rules);
        }

        var v = check.Values;
        int? priority = v.GetValueOrDefault(PriorityKey) is { Length: > 0 } p ? int.Parse(p, CultureInfo.InvariantCulture) : null;
        return (new AdmissionRequest(campaign.Id, v[ChildNameKey], Services.Workflows.Dossiers.Applicant.ParseDate(v[ChildDateOfBirthKey]), v[ChildSexKey], personalId, v[PlaceOfBirthKey],
            v[ParentNameKey], Services.Workflows.Dossiers.Applicant.ParseDate(v[ParentDateOfBirthKey]), v[ParentPhoneKey], v.GetValueOrDefault(ParentEmailKey),
            Enum.Parse<ResidenceCategory>(v[ResidenceKey]), v[AddressKey], v[WardKey], priority, choices.Select(c => Guid.Parse(c!)).ToList()), [], rules);
    }

    /// <summary>Mã định danh cá nhân: exactly 12 ASCII digits.</summary>
    public static bool IsPersonalId(string value) => value.Length == 12 && value.All(char.IsAsciiDigit);

    /// <summary>The answers as the dossier keeps them.</summary>
    public IReadOnlyDictionary<string, string> ToData()
    {
        static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var data = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [CampaignKey] = CampaignId.ToString(),
            [ChildNameKey] = ChildName, [ChildDateOfBirthKey] = Date(ChildDateOfBirth), [ChildSexKey] = ChildSex, [PersonalIdKey] = PersonalId,
            [PlaceOfBirthKey] = PlaceOfBirth, [ParentNameKey] = ParentName, [ParentDateOfBirthKey] = Date(ParentDateOfBirth), [ParentPhoneKey] = ParentPhone,
            [ResidenceKey] = Residence.ToString(), [AddressKey] = Address, [WardKey] = Ward, [DeclarationKey] = "true",
        };
        if (!string.IsNullOrEmpty(ParentEmail))
        {
            data[ParentEmailKey] = ParentEmail;
        }

        if (PriorityOrder is { } priority)
        {
            data[PriorityKey] = priority.ToString(CultureInfo.InvariantCulture);
        }

        for (var n = 0; n < Choices.Count; n++)
        {
            data[$"{ChoiceKeyPrefix}{n + 1}"] = Choices[n].ToString();
        }

        return data;
    }
}
