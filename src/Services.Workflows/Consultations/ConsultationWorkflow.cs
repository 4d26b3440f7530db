using Services.Workflows.Runtime;

namespace Services.Workflows.Consultations;

/// <summary>
/// A consultation's life on the runtime: drafted, sent for approval, approved by someone other than its author,
/// published, and closed by a durable timer at the closing time the notice gives (<c>closesAt</c> in the state), so
/// a restart or a stopped node loses no deadline; it ends when the unit publishes its report on the comments.
/// </summary>
public sealed class ConsultationWorkflow : WorkflowDefinition
{
    public const string WorkflowName = "consultation";

    public static class Steps
    {
        public const string Draft = "drafting";
        public const string Review = "awaiting-approval";
        public const string Approved = "ready-to-publish";
        public const string Published = "open-for-comments";
        public const string Closed = "closed-for-comments";
        public const string Answered = "report-published";
    }

    public static class Events
    {
        public const string Submit = "send-for-approval";
        public const string Approve = "approve-notice";
        public const string Return = "return-notice";
        public const string Publish = "publish-notice";
        public const string Close = "close-comments";
        public const string Answer = "publish-report";
    }

    public const string ConsultationIdKey = "consultationId";
    public const string ClosesAtKey = "closesAt";

    public override string Name => WorkflowName;

    protected override void DefineVersions(WorkflowVersions versions) =>
        versions.Add(1, flow => flow
            .Wait(Steps.Draft, "Dự thảo", s => s.On(Events.Submit, Steps.Review))
            .Wait(Steps.Review, "Chờ phê duyệt", s => s.On(Events.Approve, Steps.Approved).On(Events.Return, Steps.Draft))
            .Wait(Steps.Approved, "Đã phê duyệt", s => s.On(Events.Publish, Steps.Published))
            .Timer(Steps.Published, "Đang lấy ý kiến", DueRule.DateInState(ClosesAtKey), s => s.On(Events.Close, Steps.Closed), Events.Close)
            .Wait(Steps.Closed, "Đã hết hạn góp ý", s => s.On(Events.Answer, Steps.Answered))
            .End(Steps.Answered, "Đã công bố báo cáo tiếp thu, giải trình"));
}
