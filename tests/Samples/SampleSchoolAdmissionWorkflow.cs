using Services.Data.Identity;
using Services.Workflows.Runtime;

namespace Services.Tests.Samples;

/// <summary>
/// The child of <see cref="SampleChildTransferWorkflow"/>: the receiving school's staff accept or refuse the pupil;
/// the end step reached ("accepted", "refused") is the outcome its parent hears.
/// </summary>
public sealed class SampleSchoolAdmissionWorkflow : WorkflowDefinition
{
    public const string DefinitionName = "sample-school-admission";

    public override string Name => DefinitionName;

    protected override void DefineVersions(WorkflowVersions versions) =>
        versions.Add(1, w => w
            .Human("deciding", "Trường tiếp nhận xem xét", PortalRole.Staff, workingDays: 3, s => s
                .On("accept", "accepted")
                .On("refuse", "refused"))
            .End("accepted", "Trường đồng ý tiếp nhận")
            .End("refused", "Trường không tiếp nhận"));
}
