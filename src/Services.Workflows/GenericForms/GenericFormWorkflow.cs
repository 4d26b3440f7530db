using Services.Data.Identity;
using Services.Data.Workflows;
using Services.Workflows.Dossiers;
using Services.Workflows.Runtime;

namespace Services.Workflows.GenericForms;

/// <summary>
/// Every generic online form (xin nghỉ học, xác nhận học sinh, phúc khảo bài kiểm tra…): the school's staff review the
/// dossier and approve it, reject it, or ask the applicant for more documents; the applicant is told at every step.
/// The review's legal time is the form's own processing time, carried in the state. Step titles here are the
/// diagram's; people read <c>GenericFormTexts</c>.
/// </summary>
public sealed class GenericFormWorkflow : WorkflowDefinition
{
    public const string WorkflowName = "generic-form";

    public static class Steps
    {
        public const string Review = "review";
        public const string AwaitingSupplement = "awaiting-supplement";
        public const string Approved = "approved";
        public const string Rejected = "rejected";
        public const string Withdrawn = "withdrawn";
    }

    public static class Events
    {
        public const string Approve = "approve";
        public const string Reject = "reject";
        public const string RequestSupplement = "request-supplement";
        public const string Supplement = "supplement";
        public const string Withdraw = "withdraw";
    }

    public override string Name => WorkflowName;

    /// <summary>What the applicant receives when the dossier is received (sent with the start, in its transaction).</summary>
    public static IReadOnlyList<NotificationTemplate> OnSubmitted { get; } =
    [
        ToApplicant("[{correlation}] Đã tiếp nhận hồ sơ",
            "{state.unitName} đã tiếp nhận hồ sơ \"{state.serviceTitle}\" của quý vị.\nMã hồ sơ: {correlation}\nTheo dõi hồ sơ: {state.statusUrl}"),
        NotificationTemplate.InApp(Recipient.StateValueIfAny(DossierState.ApplicantUserId), "Đã tiếp nhận hồ sơ {correlation}",
            "{state.unitName} đã tiếp nhận hồ sơ \"{state.serviceTitle}\"."),
        NotificationTemplate.InApp(Recipient.UnitRole(PortalRole.Staff), "Hồ sơ mới {correlation}",
            "Có hồ sơ mới \"{state.serviceTitle}\" cần xử lý."),
    ];

    protected override void DefineVersions(WorkflowVersions versions) =>
        versions.Add(1, flow => flow
            .Human(Steps.Review, "Xem xét hồ sơ", PortalRole.Staff, workingDays: 3, t => t
                    .On(Events.Approve, Steps.Approved, Told("[{correlation}] Hồ sơ đã được chấp thuận",
                        "Hồ sơ \"{state.serviceTitle}\" ({correlation}) đã được chấp thuận.\nÝ kiến của cán bộ: {state.lastComment}\nTheo dõi hồ sơ: {state.statusUrl}"))
                    .On(Events.Reject, Steps.Rejected, Told("[{correlation}] Hồ sơ không được chấp thuận",
                        "Hồ sơ \"{state.serviceTitle}\" ({correlation}) không được chấp thuận.\nLý do: {state.lastComment}\nTheo dõi hồ sơ: {state.statusUrl}"))
                    .On(Events.RequestSupplement, Steps.AwaitingSupplement, Told("[{correlation}] Cần bổ sung hồ sơ",
                        "Hồ sơ \"{state.serviceTitle}\" ({correlation}) cần bổ sung.\nNội dung cần bổ sung: {state.lastComment}\nBổ sung hồ sơ tại: {state.statusUrl}")),
                workingDaysFromState: DossierState.ProcessingDays)
            .Wait(Steps.AwaitingSupplement, "Chờ người nộp bổ sung", t => t
                .On(Events.Supplement, Steps.Review, NotificationTemplate.InApp(Recipient.UnitRole(PortalRole.Staff),
                    "Hồ sơ {correlation} đã được bổ sung", "Người nộp đã bổ sung hồ sơ \"{state.serviceTitle}\"."))
                .On(Events.Withdraw, Steps.Withdrawn))
            .End(Steps.Approved, "Đã chấp thuận")
            .End(Steps.Rejected, "Không chấp thuận")
            .End(Steps.Withdrawn, "Người nộp đã rút hồ sơ", WorkflowStatus.Cancelled));

    private static NotificationTemplate ToApplicant(string subject, string body) =>
        NotificationTemplate.Email(Recipient.StateValueIfAny(DossierState.ApplicantEmail), subject, body);

    private static NotificationTemplate[] Told(string subject, string body) =>
    [
        ToApplicant(subject, body),
        NotificationTemplate.InApp(Recipient.StateValueIfAny(DossierState.ApplicantUserId), subject, body),
    ];
}
