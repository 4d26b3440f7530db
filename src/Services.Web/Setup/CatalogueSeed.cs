using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Catalogue;
using Services.Data.Units;
using Services.Workflows.Admissions;
using Services.Workflows.Documents;
using Services.Workflows.Dossiers;
using Services.Workflows.Dossiers.Attachments;

namespace Services.Web.Setup;

/// <summary>
/// The demo city's "Thủ tục - Biểu mẫu" catalogue: the procedures every school handles (leave of absence,
/// confirmation of student status, re-check of a test paper, first-grade admission for primary schools, copies of
/// records, transfers) and the department's and district offices' own. Idempotent: a procedure is matched by unit
/// and code and never overwritten, so an admin's edits survive a re-run. New procedures get a printable form
/// (rendered here, stored in the attachment store) where the procedure has an application form. A unit that offers
/// the online admission (it runs or takes part in a campaign, as the service itself says through the service seam)
/// gets it as a full-process (toàn trình) procedure linked to the service; so the admissions seed runs first.
/// </summary>
public sealed class CatalogueSeed(PortalDbContext db, IAttachmentStore store, TimeProvider clock, ILogger<CatalogueSeed> logger,
    ServiceDefinitions? services = null)
{
    private const string EducationLaw = "Luật Giáo dục số 43/2019/QH14 ngày 14/6/2019.";
    private const string Decree42 = "Nghị định số 42/2022/NĐ-CP ngày 24/6/2022 của Chính phủ quy định về việc cung cấp thông tin và dịch vụ công trực tuyến của cơ quan nhà nước trên môi trường mạng.";

    public async Task RunAsync(CancellationToken ct)
    {
        var units = await db.Units.AsNoTracking().ToListAsync(ct);
        var existing = (await db.Procedures.AsNoTracking().Select(p => new { p.UnitId, p.Code }).ToListAsync(ct))
            .Select(p => (p.UnitId, p.Code)).ToHashSet();
        var added = 0;
        foreach (var unit in units)
        {
            var admissionOnline = services is not null
                && (await services.Get(AdmissionService.ServiceKey).OfferingsAsync(db, unit.Id, includeUnpublished: false, ct)).Count > 0;
            foreach (var procedure in For(unit, admissionOnline))
            {
                if (existing.Add((unit.Id, procedure.Code)))
                {
                    db.Procedures.Add(procedure);
                    await AddFormAsync(unit, procedure, ct);
                    added++;
                }
            }
        }

        await db.SaveChangesAsync(ct);
        logger.LogInformation("Catalogue seeded: {Added} procedures added", added);
    }

    private async Task AddFormAsync(Unit unit, Procedure procedure, CancellationToken ct)
    {
        if (FormFor(unit, procedure.Code) is not { } form)
        {
            return;
        }

        var saved = await store.SaveAsync(new MemoryStream(BlankFormDocument.Render(form)), $"Mẫu {form.Title.ToLowerInvariant()}.pdf", 0, ct);
        var file = saved.Attachment ?? throw new InvalidOperationException($"The seeded form of {procedure.Code} was refused: {saved.Rejection}");
        db.ProcedureForms.Add(new ProcedureForm
        {
            Id = file.Id, ProcedureId = procedure.Id, Title = "Mẫu " + form.Title.ToLowerInvariant(), FileName = file.FileName,
            Sha256 = file.Sha256, Size = file.Size, ContentType = file.ContentType, UploadedAt = clock.GetUtcNow(),
        });
    }

    /// <summary>The printable application form of a seeded procedure, where it has one.</summary>
    private static BlankForm? FormFor(Unit unit, string code)
    {
        var head = unit.Kind switch
        {
            UnitKind.Department => "Giám đốc " + unit.NameVi,
            UnitKind.DistrictOffice => "Trưởng " + unit.NameVi,
            _ => "Hiệu trưởng " + unit.NameVi,
        };
        return (unit.Kind, code) switch
        {
            (UnitKind.Department, "VB-01") => new BlankForm("Đơn đề nghị cấp bản sao văn bằng, chứng chỉ từ sổ gốc", head,
                ["Họ và tên:", "Ngày sinh:", "Số căn cước công dân:", "Tên văn bằng, chứng chỉ:", "Số hiệu, số vào sổ cấp văn bằng:", "Năm tốt nghiệp:", "Số bản sao đề nghị cấp:"],
                "Kính đề nghị Sở Giáo dục và Đào tạo cấp bản sao văn bằng, chứng chỉ từ sổ gốc cho tôi. Lý do:"),
            (UnitKind.Department or UnitKind.DistrictOffice, _) => null,
            (_, "NH-01") => new BlankForm("Đơn xin nghỉ học", $"{head}; Giáo viên chủ nhiệm lớp ……",
                ["Họ và tên cha, mẹ (người giám hộ):", "Số điện thoại:", "Là phụ huynh của học sinh:", "Lớp:", "Xin cho con được nghỉ học từ ngày …………… đến hết ngày ……………"],
                "Lý do nghỉ học (gia đình sẽ nhắc nhở con chép bài và học bù đầy đủ):"),
            (_, "XN-01") => new BlankForm("Đơn đề nghị xác nhận học sinh", head,
                ["Họ và tên người đề nghị:", "Quan hệ với học sinh:", "Số điện thoại:", "Họ và tên học sinh:", "Ngày sinh:", "Lớp:"],
                "Kính đề nghị nhà trường xác nhận học sinh có tên trên đang học tại trường trong năm học 20…… – 20……, để sử dụng vào mục đích:"),
            (_, "PK-01") => new BlankForm("Đơn đề nghị phúc khảo bài kiểm tra", head,
                ["Họ và tên học sinh:", "Lớp:", "Môn học:", "Bài kiểm tra (giữa kỳ, cuối kỳ):", "Điểm đã công bố:"],
                "Kính đề nghị nhà trường xem xét phúc khảo bài kiểm tra nêu trên. Lý do:"),
            (_, "HB-01") => new BlankForm("Đơn đề nghị cấp bản sao học bạ", head,
                ["Họ và tên người học:", "Ngày sinh:", "Đã học tại trường từ năm học …… đến năm học ……", "Số bản sao đề nghị cấp:"],
                "Kính đề nghị nhà trường cấp bản sao học bạ cho tôi. Lý do:"),
            (_, "CT-01") => new BlankForm("Đơn xin chuyển trường", head,
                ["Họ và tên cha, mẹ (người giám hộ):", "Họ và tên học sinh:", "Ngày sinh:", "Đang học lớp …… tại trường:", "Xin chuyển đến trường:"],
                "Lý do xin chuyển trường:"),
            _ => null,
        };
    }

    private IEnumerable<Procedure> For(Unit unit, bool admissionOnline) => unit.Kind switch
    {
        UnitKind.Department => DepartmentProcedures(unit),
        UnitKind.DistrictOffice => DistrictProcedures(unit, admissionOnline),
        _ => SchoolProcedures(unit, admissionOnline),
    };

    /// <summary>The online admission as the catalogue shows it: full-process, every step on the portal, linked to the service.</summary>
    private Procedure OnlineAdmission(Unit unit, string contact, string? charter)
    {
        var handler = unit.Kind == UnitKind.DistrictOffice
            ? "Phòng Giáo dục và Đào tạo (kế hoạch, xét tuyển); hội đồng tuyển sinh các trường (xác minh hồ sơ)"
            : "Hội đồng tuyển sinh của trường (xác minh hồ sơ); Phòng Giáo dục và Đào tạo (xét tuyển)";
        List<string> legalBasis = charter is null ? [EducationLaw, Decree42] : [EducationLaw, charter, Decree42];
        legalBasis.Add("Kế hoạch tuyển sinh đầu cấp hằng năm của Ủy ban nhân dân quận, huyện.");
        return New(unit, "TS-01", AdmissionService.TitleVi, AdmissionService.TitleEn, "Tuyển sinh", "Admissions", ServiceLevel.Full, AdmissionService.Slug,
            [
                "Cha mẹ xem thông tin tuyển sinh (kế hoạch, chỉ tiêu, lịch) và trường đúng tuyến trên trang Tuyển sinh đầu cấp, theo phường, xã và hình thức cư trú.",
                "Trong thời gian đăng ký, cha mẹ xác nhận hoặc điều chỉnh thông tin của trẻ, khai nơi cư trú, đối tượng ưu tiên và xếp các nguyện vọng theo thứ tự mong muốn rồi nộp hồ sơ trực tuyến; hệ thống cấp mã hồ sơ và giấy biên nhận.",
                "Trường nguyện vọng 1 xác minh hồ sơ trong thời gian xác minh; hồ sơ không hợp lệ được thông báo kèm lý do.",
                "Hết thời gian xác minh, hệ thống xét tuyển theo nhóm (đúng tuyến, hình thức cư trú), đối tượng ưu tiên và số bốc thăm tính từ mã công bố trước; thời điểm nộp hồ sơ không ảnh hưởng đến kết quả.",
                "Đúng thời điểm công bố, cha mẹ nhận thông báo qua thư điện tử và tra cứu kết quả kèm lời giải thích bằng mã định danh cá nhân và ngày sinh của trẻ; danh sách trúng tuyển được công bố trên cổng thông tin.",
                "Cha mẹ xác nhận nhập học trực tuyến trước hạn; chỗ học không được xác nhận được chuyển cho danh sách chờ theo đúng thứ tự xét tuyển.",
            ],
            [
                "Đơn đăng ký tuyển sinh (điền trực tuyến): thông tin và mã định danh cá nhân của trẻ, cha mẹ hoặc người giám hộ, nơi cư trú, nguyện vọng.",
                "Giấy tờ chứng minh thuộc đối tượng ưu tiên, nếu có (nhà trường kiểm tra khi xác minh hồ sơ).",
            ],
            "Nộp trực tuyến toàn trình tại mục Tuyển sinh đầu cấp của cổng thông tin trong thời gian đăng ký theo kế hoạch; không cần nộp bản giấy.",
            handler, contact, AdmissionService.ProcessingDays, "Không", legalBasis,
            applicants: "Cha mẹ hoặc người giám hộ của trẻ vào lớp đầu cấp (lớp 1, lớp 6) cư trú trên địa bàn quận, huyện.",
            result: "Kết quả xét tuyển kèm lời giải thích cho từng nguyện vọng, thông báo qua thư điện tử và trên cổng thông tin; danh sách trúng tuyển được công bố; xác nhận nhập học trực tuyến.",
            requirements: "Trẻ trong độ tuổi vào lớp đầu cấp theo quy định.\nMỗi trẻ có một hồ sơ trong mỗi đợt tuyển sinh (theo mã định danh cá nhân).");
    }

    private IEnumerable<Procedure> SchoolProcedures(Unit school, bool admissionOnline)
    {
        var office = "Văn phòng nhà trường (bộ phận văn thư)";
        var contact = $"{school.Phone} · {school.Email} · {school.Address}";
        var charter = school.Kind switch
        {
            UnitKind.PrimarySchool => "Thông tư số 28/2020/TT-BGDĐT ngày 04/9/2020 của Bộ Giáo dục và Đào tạo ban hành Điều lệ trường tiểu học.",
            UnitKind.Preschool => "Văn bản hợp nhất số 01/VBHN-BGDĐT ngày 13/4/2020 Điều lệ trường mầm non.",
            _ => "Thông tư số 32/2020/TT-BGDĐT ngày 15/9/2020 của Bộ Giáo dục và Đào tạo ban hành Điều lệ trường trung học cơ sở, trường trung học phổ thông và trường phổ thông có nhiều cấp học.",
        };
        var assessment = school.Kind == UnitKind.PrimarySchool
            ? "Thông tư số 27/2020/TT-BGDĐT ngày 04/9/2020 của Bộ Giáo dục và Đào tạo ban hành Quy định đánh giá học sinh tiểu học."
            : "Thông tư số 22/2021/TT-BGDĐT ngày 20/7/2021 của Bộ Giáo dục và Đào tạo quy định về đánh giá học sinh trung học cơ sở và học sinh trung học phổ thông.";
        var pupil = school.Kind == UnitKind.Preschool ? "trẻ" : "học sinh";
        var field = school.Kind switch
        {
            UnitKind.Preschool => "Giáo dục mầm non",
            UnitKind.PrimarySchool => "Giáo dục tiểu học",
            UnitKind.ContinuingEducationCentre => "Giáo dục thường xuyên",
            _ => "Giáo dục trung học",
        };

        yield return New(school, "NH-01", "Xin nghỉ học", "Leave of absence", "Quản lý học sinh", "Student records", ServiceLevel.Full, "xin-nghi-hoc",
            [
                $"Cha mẹ hoặc người giám hộ của {pupil} điền đơn xin nghỉ học trên cổng dịch vụ công của trường, nêu rõ thời gian và lý do nghỉ.",
                "Giáo viên chủ nhiệm xem xét đơn; nghỉ từ 3 ngày trở lên thì trình Hiệu trưởng phê duyệt.",
                "Nhà trường thông báo kết quả qua thư điện tử và trên trang tra cứu hồ sơ.",
            ],
            [
                "Đơn xin nghỉ học (điền trực tuyến theo mẫu).",
                "Giấy tờ chứng minh lý do nghỉ (giấy khám bệnh, giấy mời…), nếu có.",
            ],
            "Nộp trực tuyến tại mục Dịch vụ công của cổng thông tin nhà trường; hoặc nộp đơn giấy cho giáo viên chủ nhiệm.",
            $"Giáo viên chủ nhiệm lớp; {office}", contact, 1, "Không",
            [charter, Decree42], result: "Đơn xin nghỉ học được chấp thuận hoặc không chấp thuận (có nêu lý do), thông báo qua thư điện tử và trang tra cứu hồ sơ.",
            requirements: $"Đơn do cha mẹ hoặc người giám hộ của {pupil} đứng tên.\nNghỉ từ 3 ngày trở lên phải được Hiệu trưởng đồng ý.");

        yield return New(school, "XN-01", "Xác nhận học sinh đang học tại trường", "Confirmation of student status", "Quản lý học sinh", "Student records",
            ServiceLevel.Full, Services.Workflows.StudentStatus.StudentStatusService.Slug,
            [
                "Người đề nghị điền tờ khai trực tuyến, nêu mục đích xác nhận (hưởng chế độ chính sách, bảo hiểm, học bổng…).",
                "Văn phòng nhà trường kiểm tra thông tin trong hồ sơ quản lý học sinh.",
                "Hiệu trưởng ký giấy xác nhận; giấy xác nhận được gửi bản điện tử có chữ ký số hoặc trả bản giấy tại văn phòng.",
            ],
            [
                "Tờ khai đề nghị xác nhận (điền trực tuyến theo mẫu).",
                $"Thẻ {pupil} hoặc giấy khai sinh (bản chụp).",
            ],
            "Nộp trực tuyến tại mục Dịch vụ công của cổng thông tin nhà trường; hoặc nộp trực tiếp tại văn phòng nhà trường trong giờ hành chính.",
            office, contact, 2, "Không",
            [charter, Decree42], result: $"Giấy xác nhận {pupil} đang học tại trường (bản điện tử có chữ ký số hoặc bản giấy).",
            requirements: $"{char.ToUpperInvariant(pupil[0])}{pupil[1..]} đang có tên trong danh sách của trường trong năm học hiện tại.");

        if (school.Kind != UnitKind.Preschool)
        {
            yield return New(school, "PK-01", "Phúc khảo bài kiểm tra", "Re-check of a test paper", "Khảo thí và đánh giá", "Assessment",
                ServiceLevel.Partial, "phuc-khao-bai-kiem-tra",
                [
                    "Trong 05 ngày làm việc kể từ ngày công bố điểm, học sinh hoặc cha mẹ học sinh gửi đơn phúc khảo trực tuyến, ghi rõ môn và bài kiểm tra.",
                    "Hiệu trưởng thành lập tổ phúc khảo gồm giáo viên không trực tiếp chấm bài lần đầu.",
                    "Tổ phúc khảo chấm lại bài, lập biên bản; điểm được điều chỉnh nếu chênh lệch.",
                    "Nhà trường thông báo kết quả phúc khảo; học sinh xem lại bài tại trường khi có yêu cầu.",
                ],
                [
                    "Đơn đề nghị phúc khảo (điền trực tuyến theo mẫu).",
                ],
                "Nộp đơn trực tuyến; kết quả phúc khảo và bài kiểm tra được xem trực tiếp tại trường.",
                "Tổ chuyên môn và Phó Hiệu trưởng phụ trách chuyên môn", contact, 5, "Không",
                [assessment, charter], result: "Thông báo kết quả phúc khảo (giữ nguyên hoặc điều chỉnh điểm) kèm biên bản chấm phúc khảo.",
                requirements: "Đơn gửi trong 05 ngày làm việc kể từ ngày công bố điểm bài kiểm tra.");
        }

        if (admissionOnline)
        {
            yield return OnlineAdmission(school, contact, charter);
        }
        else if (school.Kind == UnitKind.PrimarySchool)
        {
            // A school outside every campaign: the procedure is done at the school, and links nowhere.
            yield return New(school, "TS-01", "Tuyển sinh vào lớp 1", "Admission to first grade", "Tuyển sinh", "Admissions",
                ServiceLevel.Offline, null,
                [
                    "Cha mẹ nộp phiếu đăng ký tuyển sinh tại trường trong thời gian theo kế hoạch tuyển sinh của Ủy ban nhân dân quận, huyện.",
                    "Nhà trường đối chiếu thông tin cư trú với Cơ sở dữ liệu quốc gia về dân cư và danh sách trẻ trong độ tuổi.",
                    "Nhà trường công bố danh sách trúng tuyển trên cổng thông tin và thông báo cho từng gia đình.",
                    "Cha mẹ nộp bản sao giấy khai sinh và xác nhận nhập học tại trường theo lịch hẹn.",
                ],
                [
                    "Phiếu đăng ký tuyển sinh (theo mẫu của trường).",
                    "Bản sao giấy khai sinh của trẻ.",
                    "Giấy tờ chứng minh thuộc diện ưu tiên, nếu có.",
                ],
                "Nộp trực tiếp tại văn phòng nhà trường trong thời gian tuyển sinh; xác nhận nhập học tại trường theo lịch hẹn.",
                $"Hội đồng tuyển sinh; {office}", contact, 10, "Không",
                [EducationLaw, charter, "Kế hoạch tuyển sinh đầu cấp hằng năm của Ủy ban nhân dân quận, huyện."],
                applicants: "Cha mẹ hoặc người giám hộ của trẻ đủ 6 tuổi (tính theo năm) cư trú trong địa bàn tuyển sinh của trường.",
                result: "Danh sách trúng tuyển được công bố; giấy báo nhập học gửi từng gia đình.",
                requirements: "Trẻ trong độ tuổi vào lớp 1 theo quy định.\nCư trú trong địa bàn tuyển sinh được Ủy ban nhân dân quận, huyện giao cho trường.");
        }

        yield return New(school, "CT-01", school.Kind == UnitKind.Preschool ? "Chuyển trường đối với trẻ mầm non" : "Tiếp nhận học sinh chuyển trường",
            "Transfer of a student to the school", field, null, ServiceLevel.Offline, null,
            [
                "Cha mẹ học sinh nộp đơn xin chuyển trường và hồ sơ học sinh tại văn phòng nhà trường.",
                "Nhà trường kiểm tra hồ sơ và khả năng tiếp nhận của lớp.",
                "Hiệu trưởng ra quyết định tiếp nhận và xếp lớp.",
            ],
            [
                "Đơn xin chuyển trường do cha mẹ hoặc người giám hộ ký.",
                school.Kind == UnitKind.Preschool ? "Giấy khai sinh (bản sao)." : "Học bạ (bản chính).",
                "Giấy giới thiệu chuyển trường của trường nơi đi.",
            ],
            "Nộp trực tiếp tại văn phòng nhà trường hoặc gửi qua dịch vụ bưu chính.",
            office, contact, 3, "Không",
            [charter, "Thông tư số 50/2021/TT-BGDĐT ngày 31/12/2021 sửa đổi, bổ sung quy định về chuyển trường và tiếp nhận học sinh."],
            result: "Quyết định tiếp nhận và xếp lớp của Hiệu trưởng.");

        if (school.Kind != UnitKind.Preschool)
        {
            yield return New(school, "HB-01", "Cấp bản sao học bạ", "Copy of the school record", "Văn bằng, chứng chỉ", "Diplomas and records",
                ServiceLevel.Offline, null,
                [
                    "Người học hoặc cha mẹ học sinh nộp đơn đề nghị cấp bản sao học bạ tại văn phòng nhà trường.",
                    "Văn phòng đối chiếu với hồ sơ lưu trữ, sao y bản chính và trình Hiệu trưởng ký.",
                    "Trả bản sao tại văn phòng nhà trường theo ngày hẹn trên giấy biên nhận.",
                ],
                [
                    "Đơn đề nghị cấp bản sao học bạ.",
                    "Căn cước công dân của người đề nghị (xuất trình khi nhận).",
                ],
                "Nộp trực tiếp tại văn phòng nhà trường trong giờ hành chính.",
                office, contact, 3, "Không",
                result: "Bản sao học bạ có chữ ký của Hiệu trưởng và dấu của nhà trường.",
                legalBasis: [charter, "Nghị định số 23/2015/NĐ-CP ngày 16/02/2015 của Chính phủ về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính."]);
        }

        if (school.Slug == "th-nguyen-binh-khiem")
        {
            // A draft still being written: visible to the school's admin, never on the portal.
            yield return New(school, "HP-01", "Xét miễn, giảm học phí và hỗ trợ chi phí học tập", "Tuition exemption and study-cost support", "Chính sách học sinh", "Student support",
                ServiceLevel.Offline, null,
                ["(Đang soạn thảo)"], ["(Đang soạn thảo)"], "(Đang soạn thảo)", office, contact, 10, "Không",
                ["Nghị định số 81/2021/NĐ-CP ngày 27/8/2021 của Chính phủ quy định về học phí."], published: false);
        }
    }

    private IEnumerable<Procedure> DepartmentProcedures(Unit department)
    {
        var contact = $"Bộ phận một cửa · {department.Phone} · {department.Email} · {department.Address}";
        yield return New(department, "VB-01", "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc", "Copy of a diploma or certificate from the original register",
            "Văn bằng, chứng chỉ", "Diplomas and records", ServiceLevel.Offline, null,
            [
                "Người đề nghị nộp đơn tại Bộ phận một cửa của Sở hoặc gửi qua dịch vụ bưu chính.",
                "Phòng Khảo thí và Quản lý chất lượng đối chiếu với sổ gốc cấp văn bằng, chứng chỉ.",
                "Lãnh đạo Sở ký bản sao; trả kết quả tại Bộ phận một cửa hoặc qua bưu chính.",
            ],
            [
                "Đơn đề nghị cấp bản sao văn bằng, chứng chỉ từ sổ gốc.",
                "Căn cước công dân hoặc hộ chiếu còn giá trị (xuất trình).",
                "Giấy ủy quyền, nếu người khác nộp thay.",
            ],
            "Nộp trực tiếp tại Bộ phận một cửa của Sở Giáo dục và Đào tạo hoặc gửi qua dịch vụ bưu chính công ích.",
            "Phòng Khảo thí và Quản lý chất lượng giáo dục", contact, 1, "Không",
            applicants: "Người được cấp văn bằng, chứng chỉ; người đại diện theo pháp luật hoặc người được ủy quyền.",
            result: "Bản sao văn bằng, chứng chỉ từ sổ gốc.",
            legalBasis: [
                "Nghị định số 23/2015/NĐ-CP ngày 16/02/2015 của Chính phủ về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính.",
                "Thông tư số 21/2019/TT-BGDĐT ngày 29/11/2019 của Bộ Giáo dục và Đào tạo ban hành Quy chế quản lý bằng tốt nghiệp trung học cơ sở, bằng tốt nghiệp trung học phổ thông, văn bằng giáo dục đại học và chứng chỉ của hệ thống giáo dục quốc dân.",
            ]);
        yield return New(department, "VB-02", "Chỉnh sửa nội dung văn bằng, chứng chỉ", "Correction of a diploma or certificate",
            "Văn bằng, chứng chỉ", "Diplomas and records", ServiceLevel.Offline, null,
            [
                "Người đề nghị nộp hồ sơ tại Bộ phận một cửa của Sở.",
                "Sở kiểm tra hồ sơ, đối chiếu giấy tờ hộ tịch và ra quyết định chỉnh sửa.",
                "Trả quyết định chỉnh sửa tại Bộ phận một cửa.",
            ],
            [
                "Đơn đề nghị chỉnh sửa văn bằng, chứng chỉ.",
                "Văn bằng, chứng chỉ đề nghị chỉnh sửa (bản chính).",
                "Quyết định thay đổi hoặc cải chính hộ tịch, giấy khai sinh (bản sao).",
            ],
            "Nộp trực tiếp tại Bộ phận một cửa của Sở Giáo dục và Đào tạo.",
            "Phòng Khảo thí và Quản lý chất lượng giáo dục", contact, 5, "Không",
            applicants: "Người được cấp văn bằng, chứng chỉ có nội dung cần chỉnh sửa do thay đổi hoặc cải chính hộ tịch.",
            result: "Quyết định chỉnh sửa nội dung văn bằng, chứng chỉ.",
            legalBasis: ["Thông tư số 21/2019/TT-BGDĐT ngày 29/11/2019 của Bộ Giáo dục và Đào tạo."]);
    }

    private IEnumerable<Procedure> DistrictProcedures(Unit office, bool admissionOnline)
    {
        var contact = $"{office.Phone} · {office.Email} · {office.Address}";
        if (admissionOnline)
        {
            yield return OnlineAdmission(office, contact, null);
        }

        yield return New(office, "CT-01", "Chuyển trường đối với học sinh trung học cơ sở", "Transfer of a lower secondary student",
            "Giáo dục trung học", "Secondary education", ServiceLevel.Offline, null,
            [
                "Cha mẹ học sinh nộp hồ sơ tại trường nơi chuyển đến; trường hợp chuyển đến từ tỉnh khác, nộp tại Phòng Giáo dục và Đào tạo.",
                "Phòng Giáo dục và Đào tạo kiểm tra hồ sơ và giới thiệu học sinh về trường phù hợp với nơi cư trú.",
                "Hiệu trưởng trường nơi đến tiếp nhận và xếp lớp.",
            ],
            [
                "Đơn xin chuyển trường do cha mẹ hoặc người giám hộ ký.",
                "Học bạ (bản chính).",
                "Giấy giới thiệu chuyển trường của trường nơi đi.",
            ],
            "Nộp trực tiếp tại Phòng Giáo dục và Đào tạo hoặc tại trường nơi chuyển đến.",
            "Bộ phận giáo dục trung học, Phòng Giáo dục và Đào tạo", contact, 3, "Không",
            result: "Giấy giới thiệu học sinh về trường nơi chuyển đến; quyết định tiếp nhận của trường.",
            legalBasis: ["Thông tư số 50/2021/TT-BGDĐT ngày 31/12/2021 sửa đổi, bổ sung quy định về chuyển trường và tiếp nhận học sinh."]);
    }

    private Procedure New(
        Unit unit, string code, string nameVi, string nameEn, string fieldVi, string? fieldEn, ServiceLevel level, string? onlineSlug,
        List<string> steps, List<string> components, string submission, string handler, string contact, int days, string fees,
        List<string> legalBasis, bool published = true, string? applicants = null, string? result = null, string requirements = "")
    {
        var now = clock.GetUtcNow();
        return new Procedure
        {
            Id = Guid.CreateVersion7(),
            UnitId = unit.Id,
            Code = code,
            NameVi = nameVi,
            NameEn = nameEn,
            FieldVi = fieldVi,
            FieldEn = fieldEn,
            Level = level,
            OnlineServiceSlug = onlineSlug,
            ApplicantsVi = applicants ?? (unit.Kind == UnitKind.Preschool
                ? "Cha mẹ hoặc người giám hộ hợp pháp của trẻ."
                : "Cha mẹ hoặc người giám hộ hợp pháp của học sinh; học sinh đã đủ 18 tuổi."),
            AgencyVi = unit.NameVi,
            ResultVi = result ?? "Thông báo kết quả giải quyết qua thư điện tử và trên trang tra cứu hồ sơ.",
            RequirementsVi = requirements,
            DossierSets = 1,
            StepsVi = steps,
            ComponentsVi = components,
            SubmissionVi = submission,
            HandlerName = handler,
            HandlerContact = contact,
            ProcessingDays = days,
            FeesVi = fees,
            LegalBasisVi = string.Join('\n', legalBasis),
            IsPublished = published,
            SortOrder = code.StartsWith("TS", StringComparison.Ordinal) ? 0 : 10, // admissions first: the most sought-after
            CreatedAt = now,
            UpdatedAt = now,
        };
    }
}
