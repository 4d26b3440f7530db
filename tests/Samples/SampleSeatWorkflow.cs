using Services.Data.Identity;
using Services.Workflows.Runtime;

namespace Services.Tests.Samples;

/// <summary>
/// An admissions seat: the school checks the enrolment (a human step that goes to the district office if the school
/// has not acted within 5 days), then the family must confirm within 2 days or the seat is released.
/// </summary>
public sealed class SampleSeatWorkflow : WorkflowDefinition
{
    public const string DefinitionName = "sample-seat";

    public override string Name => DefinitionName;

    protected override void DefineVersions(WorkflowVersions versions) =>
        versions.Add(1, w => w
            .Human("school-check", "Trường kiểm tra hồ sơ", PortalRole.Staff, workingDays: 3, s => s
                .On("accept", "awaiting-confirmation")
                .AfterTimeout(TimeSpan.FromDays(5), "district-check"))
            .Human("district-check", "Phòng giáo dục kiểm tra thay", PortalRole.Staff, workingDays: 2, s => s
                .On("accept", "awaiting-confirmation"))
            .Wait("awaiting-confirmation", "Chờ gia đình xác nhận nhập học", s => s
                .On("confirmed", "seated")
                .AfterTimeout(TimeSpan.FromDays(2), "released",
                    NotificationTemplate.Email(Recipient.StateValueIfAny("parentEmail"), "Hồ sơ {correlation}: chỗ học đã được trả lại",
                        "Gia đình không xác nhận nhập học đúng hạn nên chỗ học đã được trả lại.")))
            .End("seated", "Đã nhập học")
            .End("released", "Chỗ học đã được trả lại", Services.Data.Workflows.WorkflowStatus.Cancelled));
}
