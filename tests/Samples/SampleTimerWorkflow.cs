using Services.Workflows.Runtime;

namespace Services.Tests.Samples;

/// <summary>Waits one hour, then completes: the smallest workflow with a durable timer.</summary>
public sealed class SampleTimerWorkflow : WorkflowDefinition
{
    public const string DefinitionName = "sample-timer";

    public override string Name => DefinitionName;

    protected override void DefineVersions(WorkflowVersions versions) =>
        versions.Add(1, w => w
            .Timer("cooling", "Chờ một giờ", TimeSpan.FromHours(1), s => s.On("timeout", "done"))
            .End("done", "Xong"));
}
