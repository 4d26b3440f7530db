using Services.Data.Identity;
using Services.Workflows.Runtime;

namespace Services.Tests.Samples;

/// <summary>
/// A review done by staff in version 1 and automatically in version 2, under the same step name: migrating an instance
/// waiting for staff must run the automated step, not leave the instance waiting for a task nobody has.
/// </summary>
public sealed class SampleAutomatedReviewWorkflow(int upToVersion = 2) : WorkflowDefinition
{
    public const string DefinitionName = "sample-automated-review";

    public SampleAutomatedReviewWorkflow()
        : this(2)
    {
    }

    public override string Name => DefinitionName;

    protected override void DefineVersions(WorkflowVersions versions)
    {
        versions.Add(1, w => w
            .Human("review", "Xét duyệt", PortalRole.Staff, workingDays: 3, s => s.On("approve", "done"))
            .End("done", "Xong"));
        if (upToVersion >= 2)
        {
            versions.Add(2, w => w
                .Automated("review", "Xét duyệt tự động", (context, _) =>
                {
                    context.State["reviewedBy"] = "system";
                    return Task.FromResult("approve");
                }, s => s.On("approve", "done"))
                .End("done", "Xong"));
        }
    }
}
