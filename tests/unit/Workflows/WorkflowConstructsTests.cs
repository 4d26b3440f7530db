using System.Text.Json.Nodes;
using Services.Data.Identity;
using Services.Data.Workflows;
using Services.Tests.Samples;
using Services.Workflows.Runtime;

namespace Services.Tests.Unit.Workflows;

/// <summary>The pure rules of the second edition's constructs: joins, branch routing, collecting, due rules, declaration checks.</summary>
public sealed class WorkflowConstructsTests
{
    private static readonly WorkflowBlueprint Approval =
        new WorkflowRegistry([new SampleParallelApprovalWorkflow()]).Get(SampleParallelApprovalWorkflow.DefinitionName, 1);

    private static readonly WorkflowBlueprint Consultation =
        new WorkflowRegistry([new SampleConsultationWorkflow()]).Get(SampleConsultationWorkflow.DefinitionName, 1);

    private static BranchResult Ended(string branch, string outcome, JsonObject? payload = null) => new(branch, outcome, payload ?? []);

    [Fact]
    public void AllWaitsForEveryBranchAndTheFirstOtherOutcomeDecidesAtOnce()
    {
        var all = Join.All("approve", "reject");
        Assert.Null(all.Evaluate(3, [Ended("a", "approve")]).Event);
        Assert.Null(all.Evaluate(3, [Ended("a", "approve"), Ended("b", "approve")]).Event);
        Assert.Equal("approve", all.Evaluate(3, [Ended("a", "approve"), Ended("b", "approve"), Ended("c", "approve")]).Event);
        Assert.Equal("reject", all.Evaluate(3, [Ended("a", "timeout")]).Event);
    }

    [Fact]
    public void AnyTakesTheFirstPassAndFailsOnlyWhenNoBranchIsLeft()
    {
        var any = Join.Any("approve", "reject");
        Assert.Equal("approve", any.Evaluate(3, [Ended("a", "approve")]).Event);
        Assert.Null(any.Evaluate(3, [Ended("a", "reject"), Ended("b", "reject")]).Event);
        Assert.Equal("reject", any.Evaluate(3, [Ended("a", "reject"), Ended("b", "reject"), Ended("c", "timeout")]).Event);
    }

    [Fact]
    public void NOfMDecidesAsSoonAsTheCountIsReachedOrOutOfReach()
    {
        var twoOfThree = Join.NOf(2, "approve", "reject");
        Assert.Null(twoOfThree.Evaluate(3, [Ended("a", "approve"), Ended("b", "reject")]).Event);
        Assert.Equal("approve", twoOfThree.Evaluate(3, [Ended("a", "approve"), Ended("b", "reject"), Ended("c", "approve")]).Event);
        Assert.Equal("reject", twoOfThree.Evaluate(3, [Ended("a", "reject"), Ended("b", "reject")]).Event);
    }

    [Fact]
    public void GradersWithinTheToleranceAgreeOnTheirMean()
    {
        var agreement = Join.Agreement(2, "score", 0.5m, "agreed", "diverged");
        Assert.Null(agreement.Evaluate(2, [Ended("g-1", "scored", new JsonObject { ["score"] = 7.5 })]).Event);

        var verdict = agreement.Evaluate(2, [Ended("g-1", "scored", new JsonObject { ["score"] = 7.5 }), Ended("g-2", "scored", new JsonObject { ["score"] = "8" })]);
        Assert.Equal("agreed", verdict.Event);
        Assert.Equal(7.75m, verdict.StateChanges!["score"]!.GetValue<decimal>());
    }

    [Theory]
    [InlineData(6.0, 7.0)]
    [InlineData(9.0, 8.25)]
    public void GradersFurtherApartThanTheToleranceDivergeWithTheirScoresKept(double first, double second)
    {
        var verdict = Join.Agreement(2, "score", 0.5m, "agreed", "diverged")
            .Evaluate(2, [Ended("g-1", "scored", new JsonObject { ["score"] = first }), Ended("g-2", "scored", new JsonObject { ["score"] = second })]);
        Assert.Equal("diverged", verdict.Event);
        Assert.Null(verdict.StateChanges!["score"]);
        Assert.Equal(2, verdict.StateChanges["scoreGiven"]!.AsArray().Count);
    }

    [Fact]
    public void AGraderWithoutAScoreIsADivergence()
    {
        var verdict = Join.Agreement(2, "score", 0.5m, "agreed", "diverged")
            .Evaluate(2, [Ended("g-1", "scored", new JsonObject { ["score"] = 7 }), Ended("g-2", "timeout")]);
        Assert.Equal("diverged", verdict.Event);
    }

    [Fact]
    public void ABranchDecisionEndsOnlyItsBranchWhileTheOtherIsOpen()
    {
        var decision = WorkflowMachine.Decide(Approval, WorkflowStatus.Running, "approval", new WorkflowEvent("e1", "approve", null, "school-approval"), false,
            [Branch("school-approval"), Branch("district-approval")]);
        Assert.Equal(TransitionOutcome.Applied, decision.Outcome);
        Assert.Equal(("school-approval", "approval", false), (decision.Branch!.Name, decision.To!.Name, decision.LeavesStep));
    }

    [Fact]
    public void TheLastBranchDecidesTheJoinAndTheParallelStepsTransition()
    {
        var decision = WorkflowMachine.Decide(Approval, WorkflowStatus.Running, "approval", new WorkflowEvent("e2", "approve", null, "district-approval"), false,
            [Branch("school-approval", BranchStatus.Ended, "approve"), Branch("district-approval")]);
        Assert.Equal(("district-approval", "approved", WorkflowStatus.Completed, true), (decision.Branch!.Name, decision.To!.Name, decision.StatusAfter, decision.LeavesStep));
        Assert.Equal("approve", decision.Joined!.Event);
    }

    [Fact]
    public void AnEventForABranchThatEndedOrAnUnaddressedEventTwoBranchesTakeDoesNotApply()
    {
        var schoolDone = new[] { Branch("school-approval", BranchStatus.Ended, "approve"), Branch("district-approval") };
        Assert.Equal(TransitionOutcome.NotApplicable, WorkflowMachine.Decide(Approval, WorkflowStatus.Running, "approval",
            new WorkflowEvent("e3", "reject", null, "school-approval"), false, schoolDone).Outcome);
        Assert.Equal(TransitionOutcome.NotApplicable, WorkflowMachine.Decide(Approval, WorkflowStatus.Running, "approval",
            new WorkflowEvent("e4", "approve"), false, [Branch("school-approval"), Branch("district-approval")]).Outcome);
        // With one branch left open, the unaddressed event can only mean that branch.
        Assert.Equal("district-approval", WorkflowMachine.Decide(Approval, WorkflowStatus.Running, "approval",
            new WorkflowEvent("e5", "approve"), false, schoolDone).Branch!.Name);
    }

    [Fact]
    public void AnEventAddressedToAnotherStepThanTheCurrentOneDoesNotApply()
    {
        Assert.Equal(TransitionOutcome.NotApplicable, WorkflowMachine.Decide(Consultation, WorkflowStatus.Running, "collecting",
            new WorkflowEvent("e6", "timeout", null, "summarising"), false, []).Outcome);
        Assert.Equal("summarising", WorkflowMachine.Decide(Consultation, WorkflowStatus.Running, "collecting",
            new WorkflowEvent("e7", "timeout", null, "collecting"), false, []).To!.Name);
    }

    [Fact]
    public void ACollectedEventStaysInTheStepAndNamesItsList()
    {
        var decision = WorkflowMachine.Decide(Consultation, WorkflowStatus.Running, "collecting", "comment", false);
        Assert.Equal((TransitionOutcome.Applied, "collecting", "comments", false), (decision.Outcome, decision.To!.Name, decision.CollectKey, decision.LeavesStep));
    }

    [Fact]
    public void DueRulesCountWorkingDaysAndReadAbsoluteDatesFromTheState()
    {
        var friday = new DateTimeOffset(2026, 7, 3, 10, 0, 0, TimeSpan.FromHours(7));
        Assert.Equal(new DateTimeOffset(2026, 7, 7, 17, 0, 0, TimeSpan.FromHours(7)), DueRule.WorkingDays(2).DueAt(friday, [], WorkingCalendar.WeekendsOnly));
        Assert.Equal(friday.AddHours(5), DueRule.After(TimeSpan.FromHours(5)).DueAt(friday, [], null));
        var state = new JsonObject { ["closesAt"] = "2026-07-20T09:30:00+07:00", ["day"] = "2026-07-21", ["local"] = "2026-07-20T09:30:00" };
        Assert.Equal(new DateTimeOffset(2026, 7, 20, 9, 30, 0, TimeSpan.FromHours(7)), DueRule.DateInState("closesAt").DueAt(friday, state, null));
        Assert.Equal(new DateTimeOffset(2026, 7, 21, 17, 0, 0, TimeSpan.FromHours(7)), DueRule.DateInState("day").DueAt(friday, state, null));
        // A time without its zone would be read in the server's: refused rather than guessed.
        Assert.Throws<InvalidOperationException>(() => DueRule.DateInState("local").DueAt(friday, state, null));
        Assert.Throws<InvalidOperationException>(() => DueRule.DateInState("missing").DueAt(friday, state, null));
    }

    [Fact]
    public void ABranchWhoseEventLeadsElsewhereOrAJoinWithoutItsTransitionIsRefused()
    {
        Assert.Throws<InvalidOperationException>(() => new WorkflowBuilder().Parallel("p", "p",
            b => b.Human("h", "h", PortalRole.Staff, 1, s => s.On("ok", "done")), Join.All("ok", "no"), s => s.On("ok", "done").On("no", "done")));
        Assert.Throws<InvalidOperationException>(() => new WorkflowBuilder().Parallel("p", "p",
            b => b.Human("h", "h", PortalRole.Staff, 1, s => s.On("ok", "p")), Join.All("ok", "no"), s => s.On("ok", "done")));
        Assert.Throws<InvalidOperationException>(() => new WorkflowBuilder().Parallel("p", "p",
            b => b.Automated("a", "a", (_, _) => Task.FromResult("ok"), s => s.On("ok", "p")), Join.All("ok", "no"), s => s.On("ok", "done").On("no", "done")));
    }

    [Fact]
    public void AChildStepHearsItsChildsOutcomeAndIsNeverABranch()
    {
        Assert.Throws<InvalidOperationException>(() => new WorkflowBuilder().Child("c", "c", "board", _ => { }));
        Assert.Throws<InvalidOperationException>(() => new WorkflowBuilder().Child("c", "c", "board", s => s.On("ok", "done").Collect("x", "xs")));
        Assert.Throws<InvalidOperationException>(() => new WorkflowBuilder().Parallel("p", "p",
            b => b.Child("c", "c", "board", s => s.On("ok", "p")), Join.All("ok", "no"), s => s.On("ok", "done").On("no", "done")));
        var transfer = new WorkflowRegistry([new SampleChildTransferWorkflow(), new SampleSchoolAdmissionWorkflow()]).Latest(SampleChildTransferWorkflow.DefinitionName);
        Assert.Equal(SampleSchoolAdmissionWorkflow.DefinitionName, transfer.Step("receiving").Child!.DefinitionName);
        var hears = WorkflowMachine.Decide(transfer, WorkflowStatus.Running, "receiving", new WorkflowEvent("child:1", "accepted", null, "receiving"), false, []);
        Assert.Equal((TransitionOutcome.Applied, "transferred"), (hears.Outcome, hears.To!.Name));
    }

    [Fact]
    public void OnlyWaitStepsCollect()
    {
        Assert.Throws<InvalidOperationException>(() => new WorkflowBuilder().Human("h", "h", PortalRole.Staff, 1, s => s.Collect("comment", "comments")));
    }

    private static BranchState Branch(string step, BranchStatus status = BranchStatus.Active, string? outcome = null) => new(step, status, outcome, null);
}

/// <summary>Version fingerprints: stable for the same shape, changed by any change of shape, blind to wording.</summary>
public sealed class WorkflowFingerprintTests
{
    private static string Of(Action<WorkflowBuilder> build)
    {
        var registry = new WorkflowRegistry([new Inline(build)]);
        return WorkflowFingerprint.Of(registry.Latest("inline"));
    }

    [Fact]
    public void TheSameShapeGivesTheSameFingerprintWhateverTheTitlesAndTheCulture()
    {
        var first = Of(w => w.Human("review", "Xét duyệt", PortalRole.Staff, 3, s => s.On("approve", "done")).End("done", "Xong"));
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        string reworded;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("vi-VN");
            reworded = Of(w => w.Human("review", "Xem xét hồ sơ", PortalRole.Staff, 3, s => s.On("approve", "done")).End("done", "Đã xong"));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }

        Assert.Equal(first, reworded);
        Assert.Equal(WorkflowFingerprint.Of(new WorkflowRegistry([new SampleRegradeWorkflow()]).Latest(SampleRegradeWorkflow.DefinitionName)),
            WorkflowFingerprint.Of(new WorkflowRegistry([new SampleRegradeWorkflow()]).Latest(SampleRegradeWorkflow.DefinitionName)));
    }

    [Fact]
    public void AnyChangeOfShapeChangesTheFingerprint()
    {
        var shapes = new Action<WorkflowBuilder>[]
        {
            w => w.Human("review", "r", PortalRole.Staff, 3, s => s.On("approve", "done")).End("done", "d"),
            w => w.Human("review", "r", PortalRole.Staff, 2, s => s.On("approve", "done")).End("done", "d"),
            w => w.Human("review", "r", PortalRole.Approver, 3, s => s.On("approve", "done")).End("done", "d"),
            w => w.Human("review", "r", PortalRole.Staff, 3, s => s.On("approve", "done"), UnitRule.ParentOfInstance).End("done", "d"),
            w => w.Human("review", "r", PortalRole.Staff, 3, s => s.On("accept", "done")).End("done", "d"),
            w => w.Human("review", "r", PortalRole.Staff, 3, s => s.On("approve", "done").AfterTimeout(TimeSpan.FromDays(1), "done")).End("done", "d"),
            w => w.Wait("review", "r", s => s.On("approve", "done")).End("done", "d"),
            w => w.Child("review", "r", "board", s => s.On("approve", "done")).End("done", "d"),
            w => w.Child("review", "r", "other-board", s => s.On("approve", "done")).End("done", "d"),
            w => w.Child("review", "r", "board", s => s.On("approve", "done"), UnitRule.ParentOfInstance).End("done", "d"),
        };
        Assert.Equal(shapes.Length, shapes.Select(Of).Distinct().Count());
    }

    private sealed class Inline(Action<WorkflowBuilder> build) : WorkflowDefinition
    {
        public override string Name => "inline";

        protected override void DefineVersions(WorkflowVersions versions) => versions.Add(1, build);
    }
}
