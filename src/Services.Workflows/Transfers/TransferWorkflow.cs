using Services.Data.Identity;
using Services.Data.Workflows;
using Services.Workflows.Dossiers;
using Services.Workflows.Runtime;

namespace Services.Workflows.Transfers;

/// <summary>
/// Chuyển trường: the receiving school accepts or refuses and the sending school releases the pupil record (học bạ),
/// both at once (two branches, each its own school's task); when the schools are under different district offices,
/// the receiving district office then approves. A refusal anywhere ends the transfer with a reason the parent sees;
/// an approved transfer's decision letter is downloaded from the status page.
/// </summary>
public sealed class TransferWorkflow : WorkflowDefinition
{
    public const string WorkflowName = "school-transfer";

    /// <summary>State keys the submission writes (<see cref="TransferService.AddStartState"/>).</summary>
    public static class State
    {
        public const string ReceivingUnitId = "receivingUnitId";
        public const string DistrictUnitId = "districtUnitId";
        public const string CrossDistrict = "crossDistrict";
    }

    public static class Steps
    {
        public const string Schools = "schools";
        public const string ReceivingSchool = "receiving-school";
        public const string SendingSchool = "sending-school";
        public const string Routing = "routing";
        public const string District = "district";
        public const string Approved = "approved";
        public const string Refused = "refused";
    }

    public static class Events
    {
        public const string Agree = "agree";
        public const string Refuse = "refuse";
        public const string SameDistrict = "same-district";
        public const string CrossDistrict = "cross-district";
    }

    /// <summary>Legal working days of each school's step and of the district office's.</summary>
    public const int SchoolDays = 3;
    public const int DistrictDays = 3;

    public override string Name => WorkflowName;

    public static IReadOnlyList<NotificationTemplate> OnSubmitted { get; } =
    [
        NotificationTemplate.Email(Recipient.StateValueIfAny(DossierState.ApplicantEmail), "[{correlation}] Đã tiếp nhận đề nghị chuyển trường",
            "{state.unitName} đã tiếp nhận đề nghị chuyển trường.\nMã hồ sơ: {correlation}\nTheo dõi hồ sơ: {state.statusUrl}"),
    ];

    protected override void DefineVersions(WorkflowVersions versions) =>
        versions.Add(1, flow => flow
            .Parallel(Steps.Schools, "Hai trường xem xét", branches => branches
                    .Human(Steps.ReceivingSchool, "Trường đến xem xét tiếp nhận", PortalRole.Staff, SchoolDays, t => t
                        .On(Events.Agree, Steps.Schools)
                        .On(Events.Refuse, Steps.Schools), unit: UnitRule.FromState(State.ReceivingUnitId))
                    .Human(Steps.SendingSchool, "Trường đi xác nhận, chuyển học bạ", PortalRole.Staff, SchoolDays, t => t
                        .On(Events.Agree, Steps.Schools)
                        .On(Events.Refuse, Steps.Schools)),
                new TransferJoin(Events.Agree, Events.Refuse),
                s => s
                    .On(Events.Agree, Steps.Routing)
                    .On(Events.Refuse, Steps.Refused, Refused()))
            .Automated(Steps.Routing, "Xác định cấp phê duyệt", (context, _) =>
                    Task.FromResult(NotificationTemplate.StateText(context.State, State.CrossDistrict) == "true" ? Events.CrossDistrict : Events.SameDistrict),
                s => s
                    .On(Events.CrossDistrict, Steps.District)
                    .On(Events.SameDistrict, Steps.Approved, Approved()))
            .Human(Steps.District, "Phòng giáo dục phê duyệt", PortalRole.DistrictOfficer, DistrictDays, t => t
                .On(Events.Agree, Steps.Approved, Approved())
                .On(Events.Refuse, Steps.Refused, Refused()), unit: UnitRule.FromState(State.DistrictUnitId))
            .End(Steps.Approved, "Đã chấp thuận chuyển trường")
            .End(Steps.Refused, "Không chấp thuận chuyển trường"));

    private static NotificationTemplate[] Approved() => Told("[{correlation}] Đã chấp thuận chuyển trường",
        "Đề nghị chuyển trường ({correlation}) đã được chấp thuận. Quý vị tải quyết định chuyển trường tại: {state.statusUrl}");

    private static NotificationTemplate[] Refused() => Told("[{correlation}] Không chấp thuận chuyển trường",
        "Đề nghị chuyển trường ({correlation}) không được chấp thuận.\nLý do: {state.lastComment}\nTheo dõi hồ sơ: {state.statusUrl}");

    private static NotificationTemplate[] Told(string subject, string body) =>
    [
        NotificationTemplate.Email(Recipient.StateValueIfAny(DossierState.ApplicantEmail), subject, body),
        NotificationTemplate.InApp(Recipient.StateValueIfAny(DossierState.ApplicantUserId), subject, body),
    ];
}
