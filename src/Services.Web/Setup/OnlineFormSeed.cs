using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Dossiers;
using Services.Data.GenericForms;
using Services.Data.Units;

namespace Services.Web.Setup;

/// <summary>
/// The generic online forms every demo school publishes: leave of absence and re-check of a test paper (confirmation
/// of student status is a service of its own, StudentStatusService). Idempotent: a school's form is matched by slug and never overwritten.
/// </summary>
public sealed class OnlineFormSeed(PortalDbContext db, TimeProvider clock)
{
    public const string LeaveOfAbsence = "xin-nghi-hoc";
    public const string TestRecheck = "phuc-khao-bai-kiem-tra";

    public async Task RunAsync(CancellationToken ct)
    {
        var schools = await db.Units.Where(u => u.Kind != UnitKind.Department && u.Kind != UnitKind.DistrictOffice).ToListAsync(ct);
        foreach (var school in schools)
        {
            var existing = await db.OnlineForms.Where(f => f.UnitId == school.Id).Select(f => f.Slug).ToListAsync(ct);
            foreach (var form in FormsFor(school).Where(f => !existing.Contains(f.Slug)))
            {
                db.OnlineForms.Add(form);
            }
        }

        await db.SaveChangesAsync(ct);
    }

    private IEnumerable<OnlineForm> FormsFor(Unit school)
    {
        yield return Form(school, LeaveOfAbsence, "Xin nghỉ học", "Leave of absence", 1,
            "Phụ huynh xin cho học sinh nghỉ học có thời hạn; nhà trường xác nhận và thông báo giáo viên chủ nhiệm.",
            "A parent asks for a pupil's leave of absence; the school confirms it and informs the form teacher.",
            [
                Pupil(1), PupilClass(1),
                new FormField
                {
                    Key = "tu-ngay", Kind = FormFieldKind.Date, Required = true, Step = 2, SectionVi = "Thời gian và lý do nghỉ", SectionEn = "Dates and reason",
                    LabelVi = "Nghỉ từ ngày", LabelEn = "From",
                },
                new FormField { Key = "den-ngay", Kind = FormFieldKind.Date, Required = true, NotBefore = "tu-ngay", Step = 2, LabelVi = "Đến hết ngày", LabelEn = "Until (inclusive)" },
                new FormField
                {
                    Key = "ly-do", Kind = FormFieldKind.LongText, Required = true, Step = 2, MaxLength = 1000, LabelVi = "Lý do xin nghỉ", LabelEn = "Reason",
                    HelpVi = "Ví dụ: ốm, việc gia đình. Đính kèm giấy tờ nếu có.", HelpEn = "For example: illness, family matters. Attach documents if any.",
                },
                new FormField { Key = "giay-to", Kind = FormFieldKind.File, Required = false, Step = 2, LabelVi = "Giấy tờ kèm theo (nếu có)", LabelEn = "Supporting document (if any)" },
                Pledge(3),
            ]);
        yield return Form(school, TestRecheck, "Phúc khảo bài kiểm tra", "Re-check of a test paper", 5,
            "Học sinh hoặc phụ huynh đề nghị chấm lại bài kiểm tra định kỳ; tổ chuyên môn chấm lại và trả lời kết quả.",
            "A pupil or parent asks for a periodic test to be re-marked; the subject group re-marks it and answers.",
            [
                Pupil(1), PupilClass(1),
                new FormField
                {
                    Key = "mon-hoc", Kind = FormFieldKind.Text, Required = true, Step = 2, MaxLength = 60, SectionVi = "Bài kiểm tra cần phúc khảo",
                    SectionEn = "The test to re-check", LabelVi = "Môn học", LabelEn = "Subject",
                },
                new FormField { Key = "bai-kiem-tra", Kind = FormFieldKind.Text, Required = true, Step = 2, MaxLength = 120, LabelVi = "Bài kiểm tra (tên, ngày kiểm tra)", LabelEn = "Test (name, date)" },
                new FormField { Key = "diem-hien-tai", Kind = FormFieldKind.Number, Required = true, Step = 2, MaxLength = 5, LabelVi = "Điểm đã công bố", LabelEn = "Published mark" },
                new FormField { Key = "ly-do", Kind = FormFieldKind.LongText, Required = true, Step = 2, MaxLength = 1000, LabelVi = "Lý do đề nghị phúc khảo", LabelEn = "Why you ask for a re-check" },
                Pledge(3),
            ]);
    }

    private static FormField Pupil(int step) =>
        new()
        {
            Key = "hoc-sinh-ho-ten", Kind = FormFieldKind.Text, Required = true, Step = step, MaxLength = 100, SectionVi = "Thông tin học sinh", SectionEn = "The pupil",
            LabelVi = "Họ và tên học sinh", LabelEn = "Pupil's full name",
        };

    private static FormField PupilClass(int step) =>
        new() { Key = "hoc-sinh-lop", Kind = FormFieldKind.Text, Required = true, Step = step, MaxLength = 10, LabelVi = "Lớp", LabelEn = "Class", HelpVi = "Ví dụ: 3A2", HelpEn = "For example: 3A2" };

    private static FormField Pledge(int step) => new()
    {
        Key = "cam-doan", Kind = FormFieldKind.Checkbox, Required = true, Step = step,
        LabelVi = "Tôi cam đoan những thông tin trên là đúng sự thật.", LabelEn = "I declare that the information above is true.",
    };

    private OnlineForm Form(Unit school, string slug, string titleVi, string titleEn, int days, string descriptionVi, string descriptionEn, List<FormField> fields)
    {
        var now = clock.GetUtcNow();
        return new OnlineForm
        {
            Id = Guid.CreateVersion7(),
            UnitId = school.Id,
            Slug = slug,
            TitleVi = titleVi,
            TitleEn = titleEn,
            DescriptionVi = descriptionVi,
            DescriptionEn = descriptionEn,
            ProcessingDays = days,
            Fields = fields,
            Status = OnlineFormStatus.Published,
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
            PublishedAt = now,
        };
    }
}
