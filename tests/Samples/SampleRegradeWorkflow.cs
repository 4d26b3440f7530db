using Services.Data.Identity;
using Services.Workflows.Runtime;

namespace Services.Tests.Samples;

/// <summary>
/// A re-grading board: two graders (two different staff members) each enter a score; within half a point of each
/// other, their mean is published; further apart, the head of the unit decides the score.
/// </summary>
public sealed class SampleRegradeWorkflow : WorkflowDefinition
{
    public const string DefinitionName = "sample-regrade";

    public override string Name => DefinitionName;

    protected override void DefineVersions(WorkflowVersions versions) =>
        versions.Add(1, w => w
            .Quorum("grading", "Chấm phúc khảo", PortalRole.Staff, workingDays: 5, seats: 2, outcomes: ["scored"],
                Join.Agreement(quorum: 2, key: "score", tolerance: 0.5m, agreed: "agreed", diverged: "diverged"),
                s => s
                    .On("agreed", "published")
                    .On("diverged", "head-review"))
            .Human("head-review", "Trưởng ban quyết định điểm", PortalRole.UnitAdmin, workingDays: 2, s => s.On("decided", "published"))
            .End("published", "Đã công bố điểm phúc khảo"));
}
