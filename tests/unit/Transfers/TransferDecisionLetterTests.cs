using System.Text.Json.Nodes;
using Services.Tests.Unit.Documents;
using Services.Workflows.Dossiers;
using Services.Workflows.Runtime;
using Services.Workflows.Transfers;

namespace Services.Tests.Unit.Transfers;

public sealed class TransferDecisionLetterTests
{
    [Fact]
    public async Task The_decision_has_the_motto_the_issuer_its_number_and_symbol_the_date_the_articles_and_the_signers_title()
    {
        var pdf = TransferDecisionLetter.Render(new TransferDecisionData("Sở Giáo dục và Đào tạo thành phố Bạch Đằng", "Phòng Giáo dục và Đào tạo huyện Long Hòa",
            TransferDecisionLetter.Symbol("Phòng Giáo dục và Đào tạo huyện Long Hòa"), "TRƯỞNG PHÒNG", "HS-26-7K3M-9QX2", new DateOnly(2026, 9, 10), "Bạch Đằng",
            "Trần Minh Khôi", new DateOnly(2018, 5, 4), "3A2", 3, "Trường Tiểu học Nguyễn Bỉnh Khiêm", "Trường Tiểu học Lê Lợi", "gia đình chuyển nơi cư trú"));

        Assert.Equal("%PDF-"u8.ToArray(), pdf[..5]);
        var text = await PdfText.ExtractAsync(pdf);
        foreach (var expected in new[]
                 {
                     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "TRƯỞNG PHÒNG GIÁO DỤC VÀ ĐÀO TẠO HUYỆN LONG HÒA",
                     "Số: HS-26-7K3M-9QX2/QĐ-PGDĐT", "Bạch Đằng, ngày 10 tháng 09 năm 2026", "QUYẾT ĐỊNH", "Về việc chuyển trường cho học sinh",
                     "Trần Minh Khôi", "04/05/2018", "lớp 3", "Trường Tiểu học Lê Lợi", "Nơi nhận:", "TRƯỞNG PHÒNG", "gia đình chuyển nơi cư trú",
                 })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_symbol_is_the_initials_of_the_issuer_without_its_place_and_the_authority_names_it_once()
    {
        Assert.Equal("THLL", TransferDecisionLetter.Symbol("Trường Tiểu học Lê Lợi"));
        Assert.Equal("THCSCVA", TransferDecisionLetter.Symbol("Trường Trung học cơ sở Chu Văn An"));
        Assert.Equal("PGDĐT", TransferDecisionLetter.Symbol("Phòng Giáo dục và Đào tạo quận Bình An"));
        Assert.Equal("HIỆU TRƯỞNG TRƯỜNG TIỂU HỌC LÊ LỢI", TransferDecisionLetter.Authority("HIỆU TRƯỞNG", "TRƯỜNG TIỂU HỌC LÊ LỢI"));
        Assert.Equal("TRƯỞNG PHÒNG GIÁO DỤC VÀ ĐÀO TẠO HUYỆN LONG HÒA", TransferDecisionLetter.Authority("TRƯỞNG PHÒNG", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO HUYỆN LONG HÒA"));
    }

    [Fact]
    public void Both_schools_must_agree_and_a_refusal_leaves_at_once_carrying_its_reason_for_the_parent()
    {
        var join = new TransferJoin(TransferWorkflow.Events.Agree, TransferWorkflow.Events.Refuse);
        var agreed = new BranchResult(TransferWorkflow.Steps.SendingSchool, TransferWorkflow.Events.Agree, new JsonObject { [DossierState.LastComment] = "đã chuyển học bạ" });
        var refused = new BranchResult(TransferWorkflow.Steps.ReceivingSchool, TransferWorkflow.Events.Refuse, new JsonObject { [DossierState.LastComment] = "đủ sĩ số" });

        Assert.Null(join.Evaluate(2, [agreed]).Event);
        Assert.Equal(TransferWorkflow.Events.Agree, join.Evaluate(2, [agreed, agreed with { Branch = TransferWorkflow.Steps.ReceivingSchool }]).Event);
        Assert.Null(join.Evaluate(2, [agreed, agreed with { Branch = TransferWorkflow.Steps.ReceivingSchool }]).StateChanges);

        var verdict = join.Evaluate(2, [refused]);
        Assert.Equal(TransferWorkflow.Events.Refuse, verdict.Event);
        Assert.Equal("đủ sĩ số", verdict.StateChanges![DossierState.LastComment]!.GetValue<string>());
        Assert.Equal(TransferWorkflow.Steps.ReceivingSchool, verdict.StateChanges[TransferJoin.RefusedAtKey]!.GetValue<string>());
    }

    [Fact]
    public void A_request_for_a_school_or_grade_not_offered_is_refused_with_each_problem()
    {
        var school = new TransferSchool(Guid.NewGuid(), "Trường Tiểu học Lê Lợi", "Le Loi Primary School", Guid.NewGuid(), "Phòng GD&ĐT huyện Long Hòa");
        var questions = TransferRequest.Questions(TransferRequest.GradesOf(Services.Data.Units.UnitKind.PrimarySchool), [school]);
        var raw = new Dictionary<string, string?>
        {
            [TransferRequest.ApplicantNameKey] = "Nguyễn Thị Lan",
            [TransferRequest.ApplicantDateOfBirthKey] = "1988-04-12",
            [TransferRequest.ApplicantPhoneKey] = "0903123456",
            [TransferRequest.PupilNameKey] = "Trần Minh Khôi",
            [TransferRequest.PupilDateOfBirthKey] = "2018-05-04",
            [TransferRequest.PupilClassKey] = "3A2",
            [TransferRequest.GradeKey] = "7",
            [TransferRequest.ReceivingSchoolKey] = Guid.NewGuid().ToString(),
            [TransferRequest.ReasonKey] = "chuyển nhà",
        };

        var (request, errors) = TransferRequest.From(questions, raw, new DateOnly(2026, 9, 8));
        Assert.Null(request);
        Assert.Equal([TransferRequest.GradeKey, TransferRequest.ReceivingSchoolKey], errors.Select(e => e.FieldKey).Order().ToArray());

        raw[TransferRequest.GradeKey] = "3";
        raw[TransferRequest.ReceivingSchoolKey] = school.Id.ToString();
        (request, errors) = TransferRequest.From(questions, raw, new DateOnly(2026, 9, 8));
        Assert.Empty(errors);
        Assert.Equal((3, school.Id), (request!.Grade, request.ReceivingSchoolId));
    }
}
