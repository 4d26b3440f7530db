using Services.Workflows.Runtime;

namespace Services.Tests.Samples;

/// <summary>
/// A public consultation: comments are collected until the closing time the notice gives (<c>closesAt</c> in the
/// state), each one added without moving the deadline; the summary is then due 2 working days after closing.
/// </summary>
public sealed class SampleConsultationWorkflow : WorkflowDefinition
{
    public const string DefinitionName = "sample-consultation";

    public override string Name => DefinitionName;

    protected override void DefineVersions(WorkflowVersions versions) =>
        versions.Add(1, w => w
            .Wait("collecting", "Nhận góp ý đến hạn đóng", s => s
                .Collect("comment", "comments")
                .On("withdrawn", "withdrawn")
                .WhenDue(DueRule.DateInState("closesAt"), "summarising"))
            .Timer("summarising", "Tổng hợp góp ý", DueRule.WorkingDays(2), s => s.On("timeout", "summary-due"))
            .Wait("summary-due", "Chờ công bố bản tổng hợp", s => s.On("published", "closed"))
            .End("closed", "Đã đóng")
            .End("withdrawn", "Dự thảo đã rút", Services.Data.Workflows.WorkflowStatus.Cancelled));
}
