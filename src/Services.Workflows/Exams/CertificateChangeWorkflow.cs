using Services.Data.Identity;
using Services.Workflows.Runtime;

namespace Services.Workflows.Exams;

/// <summary>
/// Thu hồi, cải chính văn bằng (ADR 0024): a staff member of the issuing unit proposes, a unit admin of that unit (never
/// the proposer) approves or refuses with a reason; an approved change is written to the registry by an automated step,
/// a refused one is closed the same way, both journaled in the unit's chain.
/// </summary>
public sealed class CertificateChangeWorkflow : WorkflowDefinition
{
    public const string WorkflowName = "certificate-change";
    public const int ReviewDays = 5;

    /// <summary>State keys.</summary>
    public static class State
    {
        public const string ChangeId = "certificateChangeId";
        public const string ProposerId = "proposerId";
        public const string DeciderId = "deciderId";
        public const string DecidedAt = "decidedAt";
    }

    public static class Steps
    {
        public const string Review = "certificate-change-review";
        public const string Apply = "certificate-change-apply";
        public const string Close = "certificate-change-close";
        public const string Applied = "certificate-change-applied";
        public const string Refused = "certificate-change-refused";
    }

    public static class Events
    {
        public const string Approve = "certificate-change-approve";
        public const string Refuse = "certificate-change-refuse";
        public const string Done = "certificate-change-done";
    }

    public override string Name => WorkflowName;

    /// <summary>Told to the unit's admins when a proposal is made.</summary>
    public static IReadOnlyList<NotificationTemplate> OnProposed { get; } =
    [
        NotificationTemplate.InApp(Recipient.UnitRole(PortalRole.UnitAdmin), "[{correlation}] Đề nghị thu hồi/cải chính văn bằng cần duyệt",
            "Có đề nghị thu hồi hoặc cải chính văn bằng ({correlation}) chờ lãnh đạo đơn vị duyệt tại trang Đề nghị thu hồi, cải chính văn bằng."),
    ];

    protected override void DefineVersions(WorkflowVersions versions) =>
        versions.Add(1, flow => flow
            .Human(Steps.Review, "Lãnh đạo đơn vị duyệt đề nghị", PortalRole.UnitAdmin, ReviewDays, t => t
                .On(Events.Approve, Steps.Apply, Told("[{correlation}] Đề nghị thu hồi/cải chính văn bằng đã được duyệt"))
                .On(Events.Refuse, Steps.Close, Told("[{correlation}] Đề nghị thu hồi/cải chính văn bằng không được duyệt")))
            .Automated(Steps.Apply, "Ghi vào sổ văn bằng", CertificateChanges.ApplyAsync, s => s.On(Events.Done, Steps.Applied))
            .Automated(Steps.Close, "Đóng đề nghị không được duyệt", CertificateChanges.CloseAsync, s => s.On(Events.Done, Steps.Refused))
            .End(Steps.Applied, "Đã ghi vào sổ văn bằng")
            .End(Steps.Refused, "Không được duyệt"));

    private static NotificationTemplate Told(string subject) =>
        NotificationTemplate.InApp(Recipient.StateValueIfAny(State.ProposerId), subject,
            "Kết quả duyệt đề nghị ({correlation}) xem tại trang Đề nghị thu hồi, cải chính văn bằng của đơn vị.");
}
