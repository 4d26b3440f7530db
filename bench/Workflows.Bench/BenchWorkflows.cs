using Services.Data.Identity;
using Services.Workflows.Runtime;

namespace Workflows.Bench;

/// <summary>What a dossier's start writes: the instance, its journal entry, a task with a due date and two timers.</summary>
internal sealed class BenchDossierWorkflow : WorkflowDefinition
{
    public const string DefinitionName = "bench-dossier";

    public override string Name => DefinitionName;

    protected override void DefineVersions(WorkflowVersions versions) =>
        versions.Add(1, w => w
            .Human("review", "Xét duyệt", PortalRole.Staff, workingDays: 5, s => s.On("approve", "approved"))
            .End("approved", "Đã duyệt"));
}

/// <summary>Two waiting steps that events move back and forth: one transition per event, nothing else.</summary>
internal sealed class BenchPingPongWorkflow : WorkflowDefinition
{
    public const string DefinitionName = "bench-ping";

    public override string Name => DefinitionName;

    protected override void DefineVersions(WorkflowVersions versions) =>
        versions.Add(1, w => w
            .Wait("a", "A", s => s.On("ping", "b"))
            .Wait("b", "B", s => s.On("pong", "a")));
}
