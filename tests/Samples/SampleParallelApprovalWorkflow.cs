using Services.Data.Identity;
using Services.Data.Workflows;
using Services.Workflows.Runtime;

namespace Services.Tests.Samples;

/// <summary>
/// A transfer approved in parallel: the sending school (the instance's unit, with 3 days before its branch times out)
/// and the district office (the school's parent unit) each decide; both must approve, and the first refusal or
/// timeout ends the step at once, cancelling the other branch's task and timers.
/// </summary>
public sealed class SampleParallelApprovalWorkflow : WorkflowDefinition
{
    public const string DefinitionName = "sample-parallel-approval";

    public override string Name => DefinitionName;

    protected override void DefineVersions(WorkflowVersions versions) =>
        versions.Add(1, w => w
            .Parallel("approval", "Trường và phòng giáo dục cùng duyệt", branches => branches
                    .Human("school-approval", "Trường chuyển đi duyệt", PortalRole.Staff, workingDays: 3, s => s
                        .On("approve", "approval")
                        .On("reject", "approval")
                        .AfterTimeout(TimeSpan.FromDays(3), "approval"))
                    .Human("district-approval", "Phòng giáo dục duyệt", PortalRole.Staff, workingDays: 5, s => s
                        .On("approve", "approval")
                        .On("reject", "approval"), unit: UnitRule.ParentOfInstance),
                Join.All("approve", otherwise: "reject"),
                s => s
                    .On("approve", "approved", NotificationTemplate.InApp(Recipient.UnitRole(PortalRole.Staff), "Hồ sơ {correlation} đã được duyệt",
                        "Hồ sơ {correlation} đã được trường và phòng giáo dục duyệt."))
                    .On("reject", "refused"))
            .End("approved", "Đã duyệt")
            .End("refused", "Không được duyệt", WorkflowStatus.Cancelled));
}
