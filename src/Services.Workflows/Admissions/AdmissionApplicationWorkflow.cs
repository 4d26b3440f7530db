using Services.Data.Identity;
using Services.Data.Workflows;
using Services.Workflows.Dossiers;
using Services.Workflows.Runtime;

namespace Services.Workflows.Admissions;

/// <summary>
/// One family's application: staff of the first-choice school verify the documents within the verification phase
/// (the allocation takes only verified applications). Placement, confirmation and release belong to the campaign's
/// workflow, which acts on every application at once.
/// </summary>
public sealed class AdmissionApplicationWorkflow : WorkflowDefinition
{
    public const string WorkflowName = "admission-application";

    public static class Steps
    {
        public const string DocumentCheck = "document-check";
        public const string Eligible = "eligible";
        public const string Ineligible = "ineligible";
    }

    public static class Events
    {
        public const string AcceptDocuments = "accept-documents";
        public const string RefuseDocuments = "refuse-documents";
    }

    public override string Name => WorkflowName;

    public static IReadOnlyList<NotificationTemplate> OnSubmitted { get; } =
    [
        NotificationTemplate.Email(Recipient.StateValueIfAny(DossierState.ApplicantEmail), "[{correlation}] Đã tiếp nhận hồ sơ tuyển sinh",
            "{state.unitName} đã tiếp nhận hồ sơ tuyển sinh đầu cấp.\nMã hồ sơ: {correlation}\nTheo dõi hồ sơ: {state.statusUrl}\n" +
            "Thời điểm nộp hồ sơ không ảnh hưởng đến kết quả xét tuyển."),
        NotificationTemplate.InApp(Recipient.UnitRole(PortalRole.Staff), "Hồ sơ tuyển sinh mới {correlation}", "Có hồ sơ tuyển sinh đầu cấp cần xác minh."),
    ];

    protected override void DefineVersions(WorkflowVersions versions) =>
        versions.Add(1, flow => flow
            .Human(Steps.DocumentCheck, "Xác minh hồ sơ tuyển sinh", PortalRole.Staff, workingDays: 5, t => t
                .On(Events.AcceptDocuments, Steps.Eligible, Told("[{correlation}] Hồ sơ tuyển sinh hợp lệ",
                    "Hồ sơ tuyển sinh ({correlation}) đã được xác minh và sẽ được xét tuyển. Kết quả được công bố theo lịch tuyển sinh."))
                .On(Events.RefuseDocuments, Steps.Ineligible, Told("[{correlation}] Hồ sơ tuyển sinh không hợp lệ",
                    "Hồ sơ tuyển sinh ({correlation}) không hợp lệ.\nLý do: {state.lastComment}\nTheo dõi hồ sơ: {state.statusUrl}")))
            .End(Steps.Eligible, "Hồ sơ hợp lệ, chờ xét tuyển")
            .End(Steps.Ineligible, "Hồ sơ không hợp lệ", WorkflowStatus.Completed));

    private static NotificationTemplate[] Told(string subject, string body) =>
    [
        NotificationTemplate.Email(Recipient.StateValueIfAny(DossierState.ApplicantEmail), subject, body),
        NotificationTemplate.InApp(Recipient.StateValueIfAny(DossierState.ApplicantUserId), subject, body),
    ];
}
