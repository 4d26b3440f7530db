using Services.Data.Identity;
using Services.Workflows.Dossiers;
using Services.Workflows.Runtime;

namespace Services.Workflows.Regrading;

/// <summary>
/// Phúc khảo: two re-graders of the exam's unit grade the chosen papers at once (a two-seat quorum, no one twice);
/// papers whose scores differ by more than <see cref="Tolerance"/> go to the head of the board, who sets the final
/// scores; the final scores are then published in place of the old ones, journaled, and the candidate is told.
/// </summary>
public sealed class RegradeWorkflow : WorkflowDefinition
{
    public const string WorkflowName = "exam-regrade";

    /// <summary>The largest difference between the two re-graders' scores of one paper that is settled by their mean.</summary>
    public const decimal Tolerance = 0.5m;

    public const int GradingDays = 5;
    public const int HeadDays = 2;

    /// <summary>State keys the submission writes (<see cref="RegradeService.AddStartState"/>).</summary>
    public static class State
    {
        public const string ExamId = "examId";
        public const string Number = "candidateNumber";
        public const string Subjects = "subjects";
    }

    public static class Steps
    {
        public const string Grading = "grading";
        public const string Head = "head";
        public const string Publish = "publish";
        public const string Done = "regraded";
    }

    public static class Events
    {
        public const string Graded = "graded";
        public const string Agreed = "graders-agree";
        public const string Diverged = "graders-differ";
        public const string Decided = "decided";
        public const string Published = "regrade-published";
        public const string Incomplete = "incomplete";
    }

    public override string Name => WorkflowName;

    public static IReadOnlyList<NotificationTemplate> OnSubmitted { get; } =
    [
        NotificationTemplate.Email(Recipient.StateValueIfAny(DossierState.ApplicantEmail), "[{correlation}] Đã tiếp nhận đơn phúc khảo",
            "{state.unitName} đã tiếp nhận đơn phúc khảo bài thi.\nMã hồ sơ: {correlation}\nTheo dõi hồ sơ: {state.statusUrl}"),
        NotificationTemplate.Email(Recipient.UnitRole(PortalRole.Staff), "[{correlation}] Bài thi cần chấm phúc khảo",
            "Có đơn phúc khảo mới ({correlation}); hai cán bộ chấm phúc khảo nhận bài tại trang Phúc khảo của đơn vị."),
    ];

    protected override void DefineVersions(WorkflowVersions versions) =>
        versions.Add(1, flow => flow
            .Quorum(Steps.Grading, "Chấm phúc khảo", PortalRole.Staff, GradingDays, seats: 2, [Events.Graded],
                new RegradeJoin(Tolerance, Events.Agreed, Events.Diverged),
                s => s
                    .On(Events.Agreed, Steps.Publish)
                    .On(Events.Diverged, Steps.Head, NotificationTemplate.Email(Recipient.UnitRole(PortalRole.UnitAdmin),
                        "[{correlation}] Điểm phúc khảo chênh lệch, cần trưởng ban quyết định",
                        "Điểm của hai cán bộ chấm phúc khảo chênh lệch quá mức cho phép ({correlation}); trưởng ban quyết định điểm tại trang Phúc khảo.")))
            .Human(Steps.Head, "Trưởng ban quyết định điểm", PortalRole.UnitAdmin, HeadDays, t => t
                .On(Events.Decided, Steps.Publish))
            .Automated(Steps.Publish, "Công bố điểm phúc khảo", RegradePublication.RunAsync, s => s
                .On(Events.Published, Steps.Done, Told("[{correlation}] Đã có kết quả phúc khảo",
                    "Kết quả phúc khảo ({correlation}) đã được công bố. Quý vị xem điểm cũ, điểm mới và lịch sử thay đổi tại trang tra cứu điểm.\n" +
                    "Theo dõi hồ sơ: {state.statusUrl}"))
                .On(Events.Incomplete, Steps.Head))
            .End(Steps.Done, "Đã công bố kết quả phúc khảo"));

    private static NotificationTemplate[] Told(string subject, string body) =>
    [
        NotificationTemplate.Email(Recipient.StateValueIfAny(DossierState.ApplicantEmail), subject, body),
        NotificationTemplate.InApp(Recipient.StateValueIfAny(DossierState.ApplicantUserId), subject, body),
    ];
}
