using Microsoft.Extensions.DependencyInjection;
using Services.Workflows.Runtime;

namespace Services.Workflows.Admissions;

/// <summary>
/// The campaign's calendar as a workflow: one instance per campaign, whose step is the campaign's phase. Each phase is
/// a durable timer due at the date the next phase begins (read from the state when the phase is entered); allocation
/// runs as an automated step when registration and verification are over, and its result stays under embargo until
/// the results step begins (ADR 13). A restart loses nothing: the timers are rows.
/// </summary>
public sealed class AdmissionCampaignWorkflow : WorkflowDefinition
{
    public const string WorkflowName = "admission-campaign";

    /// <summary>The phases, in order; the page and the embargo read them from the instance's current step.</summary>
    public static class Phases
    {
        public const string Announced = "announced";
        public const string DataConfirmation = "data-confirmation";
        public const string Registration = "registration";
        public const string Verification = "verification";
        public const string Allocation = "allocation";
        public const string Embargo = "embargo";
        public const string Results = "results";
        public const string Confirmation = "confirmation";
        public const string Release = "release";
        public const string SecondRound = "second-round";
        public const string Closed = "closed";

        public static IReadOnlyList<string> InOrder { get; } =
            [Announced, DataConfirmation, Registration, Verification, Allocation, Embargo, Results, Confirmation, Release, SecondRound, Closed];

        /// <summary>Whether the results may be shown to anyone: from the results phase on.</summary>
        public static bool ResultsPublished(string? phase) => phase is not null && IndexOf(phase) >= IndexOf(Results);

        public static bool RegistrationOpen(string? phase) => phase is DataConfirmation or Registration;

        public static int IndexOf(string phase) => InOrder.ToList().IndexOf(phase);
    }

    /// <summary>The state keys holding each phase's start (ISO 8601), written when the campaign starts.</summary>
    public static class Dates
    {
        public const string CampaignId = "campaignId";
        public const string DataConfirmationAt = "dataConfirmationAt";
        public const string RegistrationAt = "registrationAt";
        public const string VerificationAt = "verificationAt";
        public const string AllocationAt = "allocationAt";
        public const string ResultsAt = "resultsAt";
        public const string ConfirmationAt = "confirmationAt";
        public const string SecondRoundAt = "secondRoundAt";
        public const string ClosesAt = "closesAt";
    }

    private const string Next = "next";
    private const string Done = "done";

    public override string Name => WorkflowName;

    protected override void DefineVersions(WorkflowVersions versions) =>
        versions.Add(1, flow => flow
            .Timer(Phases.Announced, "Đã công bố kế hoạch", DueRule.DateInState(Dates.DataConfirmationAt), s => s.On(Next, Phases.DataConfirmation), Next)
            .Timer(Phases.DataConfirmation, "Xác nhận dữ liệu", DueRule.DateInState(Dates.RegistrationAt), s => s.On(Next, Phases.Registration), Next)
            .Timer(Phases.Registration, "Đăng ký tuyển sinh", DueRule.DateInState(Dates.VerificationAt), s => s.On(Next, Phases.Verification), Next)
            .Timer(Phases.Verification, "Xác minh hồ sơ", DueRule.DateInState(Dates.AllocationAt), s => s.On(Next, Phases.Allocation), Next)
            .Automated(Phases.Allocation, "Xét tuyển", (context, ct) => Run<AdmissionAllocation>(context, (a, id) => a.AllocateAsync(id, ct)),
                s => s.On(Done, Phases.Embargo))
            .Timer(Phases.Embargo, "Chờ công bố kết quả", DueRule.DateInState(Dates.ResultsAt), s => s.On(Next, Phases.Results), Next)
            .Timer(Phases.Results, "Công bố kết quả", DueRule.DateInState(Dates.ConfirmationAt), s => s.On(Next, Phases.Confirmation), Next)
            .Timer(Phases.Confirmation, "Xác nhận nhập học", DueRule.DateInState(Dates.SecondRoundAt), s => s.On(Next, Phases.Release), Next)
            .Automated(Phases.Release, "Trả chỗ chưa xác nhận cho danh sách chờ", (context, ct) => Run<AdmissionAllocation>(context, (a, id) => a.ReleaseUnconfirmedAsync(id, ct)),
                s => s.On(Done, Phases.SecondRound))
            .Timer(Phases.SecondRound, "Tuyển sinh bổ sung", DueRule.DateInState(Dates.ClosesAt), s => s.On(Next, Phases.Closed), Next)
            .End(Phases.Closed, "Kết thúc tuyển sinh"));

    private static async Task<string> Run<T>(AutomatedStepContext context, Func<T, Guid, Task> action)
        where T : notnull
    {
        var campaignId = Guid.Parse(context.State[Dates.CampaignId]!.GetValue<string>());
        await using var scope = context.Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<T>(), campaignId);
        return Done;
    }
}
