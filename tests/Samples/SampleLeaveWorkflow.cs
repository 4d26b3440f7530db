using Services.Data.Identity;
using Services.Workflows.Runtime;

namespace Services.Tests.Samples;

/// <summary>
/// A tiny leave-request workflow for tests only. Version 2 renames "review" to "check" (with 2 working days instead of
/// 3), adds an automated "issue" step and keeps the applicant's name as <c>fullName</c>; <paramref name="upToVersion"/>
/// lets a test play an older deployment that only knows version 1.
/// </summary>
public sealed class SampleLeaveWorkflow(int upToVersion = 2) : WorkflowDefinition
{
    public const string DefinitionName = "sample-leave";

    public SampleLeaveWorkflow()
        : this(2)
    {
    }

    public override string Name => DefinitionName;

    protected override void DefineVersions(WorkflowVersions versions)
    {
        versions.Add(1, Version1);
        if (upToVersion >= 2)
        {
            versions.Add(2, Version2, new Dictionary<string, string> { ["review"] = "check" },
                state => state["fullName"] = state["applicantName"]?.DeepClone());
        }
    }

    private static void Version1(WorkflowBuilder w) => w
        .Human("review", "Xét duyệt đơn", PortalRole.Staff, workingDays: 3, s => s
            .On("approve", "approved", NotificationTemplate.Email(Recipient.StateValue("applicantEmail"), "Đơn {correlation} đã được duyệt", "Xin chào {state.applicantName}, đơn của bạn đã được duyệt."))
            .On("reject", "rejected", NotificationTemplate.Email(Recipient.StateValue("applicantEmail"), "Đơn {correlation} không được duyệt", "Lý do: {state.lastComment}"))
            .On("supplement", "waiting-supplement"))
        .Wait("waiting-supplement", "Chờ bổ sung", s => s.On("supplied", "review"))
        .End("approved", "Đã duyệt")
        .End("rejected", "Không duyệt");

    private static void Version2(WorkflowBuilder w) => w
        .Human("check", "Kiểm tra đơn", PortalRole.Staff, workingDays: 2, s => s
            .On("approve", "issue")
            .On("reject", "rejected")
            .On("supplement", "waiting-supplement"))
        .Automated("issue", "Cấp giấy xác nhận", (context, _) =>
        {
            context.State["issued"] = true;
            return Task.FromResult("issued");
        }, s => s.On("issued", "approved", NotificationTemplate.Email(Recipient.StateValue("applicantEmail"), "Đơn {correlation} đã được duyệt", "Giấy xác nhận đã được cấp.")))
        .Wait("waiting-supplement", "Chờ bổ sung", s => s.On("supplied", "check"))
        .End("approved", "Đã duyệt")
        .End("rejected", "Không duyệt");
}
