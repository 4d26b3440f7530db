using Microsoft.Extensions.DependencyInjection;
using Services.Data.Identity;
using Services.Workflows.Runtime;

namespace Services.Tests.Samples;

/// <summary>
/// Three workflows that fail the same way every time (R8): their state lacks a value a step needs. Each must end in
/// exactly one incident after its retries, never in an endless loop.
/// </summary>
public static class SamplePoisonedWorkflows
{
    public static WorkflowDefinition[] All => [new PoisonedTimer(), new PoisonedTransition(), new PoisonedNotification()];

    /// <summary>A timer whose firing cannot be written: the step it leads to takes its unit from a state value that is missing.</summary>
    public sealed class PoisonedTimer : WorkflowDefinition
    {
        public const string DefinitionName = "sample-poisoned-timer";

        public override string Name => DefinitionName;

        protected override void DefineVersions(WorkflowVersions versions) =>
            versions.Add(1, w => w
                .Timer("cooling", "Chờ một giờ", TimeSpan.FromHours(1), s => s.On("timeout", "review"))
                .Human("review", "Trường tiếp nhận xem xét", PortalRole.Staff, 3, s => s.On("approve", "done"), unit: UnitRule.FromState("receivingSchoolId"))
                .End("done", "Xong"));
    }

    /// <summary>An automated step whose external call succeeds but whose transition cannot be written.</summary>
    public sealed class PoisonedTransition : WorkflowDefinition
    {
        public const string DefinitionName = "sample-poisoned-transition";

        public override string Name => DefinitionName;

        protected override void DefineVersions(WorkflowVersions versions) =>
            versions.Add(1, w => w
                .Automated("call-registry", "Gọi hệ thống ngoài", (context, _) =>
                {
                    context.Services.GetRequiredService<FlakyDependency>().Call();
                    return Task.FromResult("done");
                }, s => s.On("done", "review"))
                .Human("review", "Trường tiếp nhận xem xét", PortalRole.Staff, 3, s => s.On("approve", "done"), unit: UnitRule.FromState("receivingSchoolId"))
                .End("done", "Xong"));
    }

    /// <summary>A timer whose transition renders an e-mail to an address the state does not have.</summary>
    public sealed class PoisonedNotification : WorkflowDefinition
    {
        public const string DefinitionName = "sample-poisoned-notification";

        public override string Name => DefinitionName;

        protected override void DefineVersions(WorkflowVersions versions) =>
            versions.Add(1, w => w
                .Timer("cooling", "Chờ một giờ", TimeSpan.FromHours(1), s => s.On("timeout", "done",
                    NotificationTemplate.Email(Recipient.StateValue("applicantEmail"), "Hồ sơ {correlation}", "Hồ sơ đã xong.")))
                .End("done", "Xong"));
    }
}
