using System.Text.Json.Nodes;
using Services.Data.Workflows;
using Services.Workflows.Runtime;

namespace Services.Tests.Samples;

/// <summary>
/// A transfer whose receiving school decides in a child workflow of its own (<see cref="SampleSchoolAdmissionWorkflow"/>,
/// in the unit named by <c>receivingSchoolId</c>, with the pupil's name copied into its state). The parent waits at most
/// 5 days; then it stops waiting, which cancels the child and its task. The parent may also turn to another school
/// ("choose-another", then "chosen"), which starts a new child: what the first one says afterwards is not heard.
/// </summary>
public sealed class SampleChildTransferWorkflow : WorkflowDefinition
{
    public const string DefinitionName = "sample-child-transfer";

    public override string Name => DefinitionName;

    protected override void DefineVersions(WorkflowVersions versions) =>
        versions.Add(1, w => w
            .Child("receiving", "Trường tiếp nhận xem xét", SampleSchoolAdmissionWorkflow.DefinitionName, s => s
                    .On("accepted", "transferred")
                    .On("refused", "refused")
                    .On(ChildWorkflow.CancelledEvent, "refused")
                    .On("choose-another", "choosing")
                    .AfterTimeout(TimeSpan.FromDays(5), "expired"),
                unit: UnitRule.FromState("receivingSchoolId"),
                state: parent => new JsonObject { ["pupil"] = parent["pupil"]?.DeepClone() })
            .Wait("choosing", "Phụ huynh chọn trường khác", s => s.On("chosen", "receiving"))
            .End("transferred", "Đã chuyển trường")
            .End("refused", "Không được tiếp nhận", WorkflowStatus.Cancelled)
            .End("expired", "Quá hạn", WorkflowStatus.Cancelled));
}
