using Services.Data.Identity;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Samples;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Workflows;

/// <summary>A published version whose shape changes in place stops the start-up with a message naming it.</summary>
public sealed class VersionFingerprintTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task AVersionEditedInPlaceFailsTheStartWhileANewVersionIsAccepted()
    {
        using var mail = new TempDirectory();
        var clock = new ManualClock(new DateTimeOffset(2026, 7, 1, 9, 0, 0, TimeSpan.FromHours(7)));
        await using (var published = WorkflowNode.Start(database, clock, mail.Path, [new SampleLeaveWorkflow(upToVersion: 1)]))
        {
            await Check(published).StartAsync(CancellationToken.None);
        }

        // The next deployment adds version 2 with a step map: accepted, and version 1 is unchanged.
        await using (var next = WorkflowNode.Start(database, clock, mail.Path, [new SampleLeaveWorkflow()]))
        {
            await Check(next).StartAsync(CancellationToken.None);
        }

        await using var edited = WorkflowNode.Start(database, clock, mail.Path, [new LeaveEditedInPlace()]);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => Check(edited).StartAsync(CancellationToken.None));
        Assert.Contains($"workflow '{SampleLeaveWorkflow.DefinitionName}' version 1", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("version 2", refused.Message, StringComparison.Ordinal);
    }

    private static WorkflowVersionCheck Check(WorkflowNode node) =>
        (WorkflowVersionCheck)node.Services.GetService(typeof(WorkflowVersionCheck))!;

    /// <summary>The leave workflow with version 1's review shortened from 3 working days to 1, in place.</summary>
    private sealed class LeaveEditedInPlace : WorkflowDefinition
    {
        public override string Name => SampleLeaveWorkflow.DefinitionName;

        protected override void DefineVersions(WorkflowVersions versions) =>
            versions.Add(1, w => w
                .Human("review", "Xét duyệt đơn", PortalRole.Staff, workingDays: 1, s => s
                    .On("approve", "approved")
                    .On("reject", "rejected")
                    .On("supplement", "waiting-supplement"))
                .Wait("waiting-supplement", "Chờ bổ sung", s => s.On("supplied", "review"))
                .End("approved", "Đã duyệt")
                .End("rejected", "Không duyệt"));
    }
}
