using Services.Data.Identity;
using Services.Data.Workflows;
using Services.Workflows.Dossiers;
using Services.Workflows.Runtime;

namespace Services.Workflows.StudentStatus;

/// <summary>
/// Xác nhận học sinh: the school's staff check the pupil against the school's register and issue the certificate,
/// or refuse with a reason. The applicant is told either way; an issued certificate is downloaded from the status page.
/// </summary>
public sealed class StudentStatusWorkflow : WorkflowDefinition
{
    public const string WorkflowName = "student-status";

    public static class Steps
    {
        public const string Review = "review";
        public const string Issued = "issued";
        public const string Refused = "refused";
    }

    public static class Events
    {
        public const string Issue = "issue";
        public const string Refuse = "refuse";
    }

    public override string Name => WorkflowName;

    public static IReadOnlyList<NotificationTemplate> OnSubmitted { get; } =
    [
        NotificationTemplate.Email(Recipient.StateValueIfAny(DossierState.ApplicantEmail), "[{correlation}] Đã tiếp nhận đề nghị xác nhận học sinh",
            "{state.unitName} đã tiếp nhận đề nghị cấp giấy xác nhận học sinh.\nMã hồ sơ: {correlation}\nTheo dõi hồ sơ: {state.statusUrl}"),
        NotificationTemplate.InApp(Recipient.UnitRole(PortalRole.Staff), "Hồ sơ mới {correlation}", "Có đề nghị xác nhận học sinh mới cần xử lý."),
    ];

    protected override void DefineVersions(WorkflowVersions versions) =>
        versions.Add(1, flow => flow
            .Human(Steps.Review, "Đối chiếu sổ đăng bộ", PortalRole.Staff, workingDays: 2, t => t
                .On(Events.Issue, Steps.Issued, Told("[{correlation}] Đã cấp giấy xác nhận học sinh",
                    "Giấy xác nhận học sinh ({correlation}) đã được cấp. Quý vị tải giấy xác nhận tại: {state.statusUrl}"))
                .On(Events.Refuse, Steps.Refused, Told("[{correlation}] Không cấp giấy xác nhận học sinh",
                    "Đề nghị xác nhận học sinh ({correlation}) không được chấp thuận.\nLý do: {state.lastComment}\nTheo dõi hồ sơ: {state.statusUrl}")))
            .End(Steps.Issued, "Đã cấp giấy xác nhận")
            .End(Steps.Refused, "Không cấp giấy xác nhận", WorkflowStatus.Completed));

    private static NotificationTemplate[] Told(string subject, string body) =>
    [
        NotificationTemplate.Email(Recipient.StateValueIfAny(DossierState.ApplicantEmail), subject, body),
        NotificationTemplate.InApp(Recipient.StateValueIfAny(DossierState.ApplicantUserId), subject, body),
    ];
}
