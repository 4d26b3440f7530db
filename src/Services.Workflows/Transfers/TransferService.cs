using System.Globalization;
using System.Resources;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Dossiers;
using Services.Data.Units;
using Services.Workflows.Dossiers;
using Services.Workflows.Forms;
using Services.Workflows.Runtime;

namespace Services.Workflows.Transfers;

/// <summary>
/// Chuyển trường: every primary and secondary school offers it to the parents of its pupils; the receiving school is
/// another school of the same level, possibly under another district office (which then approves). The approved
/// transfer's decision letter is a PDF the parent downloads from the status page.
/// </summary>
public sealed class TransferService : ServiceDefinition
{
    public const string ServiceKey = "school-transfer";
    public const string Slug = "chuyen-truong";
    public const string TitleVi = "Chuyển trường cho học sinh";
    public const string TitleEn = "School transfer";

    /// <summary>Dossier data beside the answers: the units' names and ids the steps, the staff and the letter need.</summary>
    public const string SendingSchoolNameKey = "truong-di-ten";
    public const string SendingSuperiorNameKey = "truong-di-cap-tren";
    public const string ReceivingSchoolNameKey = "truong-den-ten";
    public const string ReceivingSuperiorNameKey = "truong-den-cap-tren";
    public const string DistrictIdKey = "phong-duyet-id";
    public const string DistrictNameKey = "phong-duyet-ten";
    public const string DistrictSuperiorNameKey = "phong-duyet-cap-tren";
    public const string PlaceKey = "dia-danh";

    private static readonly ResourceManager TextResources = new("Services.Workflows.Transfers.TransferTexts", typeof(TransferService).Assembly);

    public override string Key => ServiceKey;

    public override WorkflowDefinition Workflow { get; } = new TransferWorkflow();

    protected override ResourceManager Texts => TextResources;

    public override IReadOnlyList<NotificationTemplate> OnSubmitted => TransferWorkflow.OnSubmitted;

    /// <summary>Legal processing days: the schools' step, then the district office's when it has one.</summary>
    public static int ProcessingDays(bool crossDistrict) => TransferWorkflow.SchoolDays + (crossDistrict ? TransferWorkflow.DistrictDays : 0);

    public override CitizenActions ActionsAt(string stepName) =>
        stepName is TransferWorkflow.Steps.Approved or TransferWorkflow.Steps.Refused ? CitizenActions.Rate : CitizenActions.None;

    public override bool DecisionNeedsComment(string decision) => decision == TransferWorkflow.Events.Refuse;

    public override DecisionTone ToneOf(string decision) =>
        decision == TransferWorkflow.Events.Agree ? DecisionTone.Positive : DecisionTone.Negative;

    public override async Task<ILookup<Guid, ServiceOffering>> OfferingsAsync(PortalDbContext db, IReadOnlyCollection<Guid> unitIds, bool includeUnpublished, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var units = await db.Units.Where(u => unitIds.Contains(u.Id)).Select(u => new { u.Id, u.Kind }).ToListAsync(ct);
        var offering = new ServiceOffering(Key, Slug, TitleVi, TitleEn,
            "Cha mẹ học sinh đề nghị chuyển con đến trường khác cùng cấp học; hai trường xem xét, phòng giáo dục phê duyệt khi khác quận, huyện.",
            "Parents ask to move their child to another school of the same level; both schools decide, and the district office approves across districts.",
            ProcessingDays(crossDistrict: true), $"dich-vu/{Slug}");
        return units.Where(u => TransferRequest.GradesOf(u.Kind).Count > 0).ToLookup(u => u.Id, _ => offering);
    }

    /// <summary>The schools a pupil of <paramref name="sendingUnitId"/> may move to: every other school of its kind.</summary>
    public static async Task<IReadOnlyList<TransferSchool>> ReceivingSchoolsAsync(PortalDbContext db, Guid sendingUnitId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var sending = await db.Units.AsNoTracking().SingleAsync(u => u.Id == sendingUnitId, ct);
        return await db.Units.AsNoTracking()
            .Where(u => u.Kind == sending.Kind && u.Id != sending.Id)
            .OrderBy(u => u.NameVi)
            .Select(u => new TransferSchool(u.Id, u.NameVi, u.NameEn, u.ParentId, u.Parent == null ? null : u.Parent.NameVi))
            .ToListAsync(ct);
    }

    public override Task<IReadOnlyList<DossierAnswer>> AnswersAsync(PortalDbContext db, Dossier dossier, bool english, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        var data = dossier.Data;
        var grade = data.GetValueOrDefault(TransferRequest.GradeKey) ?? "";
        var questions = TransferRequest.Questions(
            int.TryParse(grade, CultureInfo.InvariantCulture, out var g) ? [g] : [],
            Guid.TryParse(data.GetValueOrDefault(TransferRequest.ReceivingSchoolKey), out var receiving)
                ? [new TransferSchool(receiving, data.GetValueOrDefault(ReceivingSchoolNameKey) ?? "", data.GetValueOrDefault(ReceivingSchoolNameKey) ?? "", null, null)]
                : []);
        var answers = questions.Select(q => new DossierAnswer(q.Key, q.Label(english), Display(q, data.GetValueOrDefault(q.Key), english))).ToList();
        answers.Insert(answers.FindIndex(a => a.Key == TransferRequest.PupilClassKey),
            new DossierAnswer(SendingSchoolNameKey, english ? "Current school" : "Trường đang học", data.GetValueOrDefault(SendingSchoolNameKey) ?? "—"));
        if (data.GetValueOrDefault(DistrictNameKey) is { Length: > 0 } district)
        {
            answers.Add(new DossierAnswer(DistrictNameKey, english ? "Approving district office" : "Phòng giáo dục phê duyệt", district));
        }

        return Task.FromResult<IReadOnlyList<DossierAnswer>>(answers);
    }

    /// <summary>
    /// The receiving school's staff decide knowing the grade: its classes, pupils now and places, as the school's
    /// administrator states them (<c>/quan-tri/{unit}/si-so</c>); the sending school and the district office see nothing here.
    /// </summary>
    public override async Task<IReadOnlyList<DossierAnswer>> StaffFactsAsync(PortalDbContext db, Dossier dossier, Guid unitId, bool english, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(dossier);
        if (!Guid.TryParse(dossier.Data.GetValueOrDefault(TransferRequest.ReceivingSchoolKey), out var receiving) || receiving != unitId
            || !int.TryParse(dossier.Data.GetValueOrDefault(TransferRequest.GradeKey), CultureInfo.InvariantCulture, out var grade))
        {
            return [];
        }

        var row = await db.SchoolGradeCapacities.AsNoTracking().SingleOrDefaultAsync(c => c.UnitId == unitId && c.Grade == grade, ct);
        var label = english ? $"Grade {grade} at this school" : $"Khối {grade} của trường";
        var text = row is null
            ? english ? "No figures yet: the school administrator enters them under Grades and places." : "Chưa có số liệu: quản trị của trường nhập tại mục Sĩ số, chỉ tiêu."
            : english
                ? $"{row.Pupils} pupils of {row.Capacity} places in {row.Classes} classes; {row.FreePlaces} places free"
                : $"{row.Pupils}/{row.Capacity} học sinh trong {row.Classes} lớp; còn {row.FreePlaces} chỗ";
        return [new DossierAnswer("si-so-khoi", label, text)];
    }

    public override void AddStartState(JsonObject state, DossierApplication application)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(application);
        var district = application.Data.GetValueOrDefault(DistrictIdKey);
        state[TransferWorkflow.State.ReceivingUnitId] = application.Data[TransferRequest.ReceivingSchoolKey];
        state[TransferWorkflow.State.CrossDistrict] = district is null ? "false" : "true";
        if (district is not null)
        {
            state[TransferWorkflow.State.DistrictUnitId] = district;
        }
    }

    public override ServiceDocument? DecisionDocument(DossierStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (status.Instance?.CurrentStep != TransferWorkflow.Steps.Approved)
        {
            return null;
        }

        var data = status.Dossier.Data;
        var issued = WorkingCalendar.LocalDate(status.Instance.CompletedAt ?? status.Instance.UpdatedAt);
        var letter = LetterData(data, status.Dossier.TrackingCode, issued);
        return new ServiceDocument($"quyet-dinh-chuyen-truong-{status.Dossier.TrackingCode}.pdf", () => TransferDecisionLetter.Render(letter),
            TextResources.GetString("Letter", CultureInfo.GetCultureInfo("vi"))!, TextResources.GetString("Letter", CultureInfo.GetCultureInfo("en"))!);
    }

    /// <summary>The decision the dossier's data makes: the district office issues it across districts, the receiving school otherwise.</summary>
    public static TransferDecisionData LetterData(IReadOnlyDictionary<string, string> data, string trackingCode, DateOnly issuedOn)
    {
        ArgumentNullException.ThrowIfNull(data);
        var byDistrict = data.ContainsKey(DistrictIdKey);
        var issuer = byDistrict ? data[DistrictNameKey] : data[ReceivingSchoolNameKey];
        var superior = byDistrict ? data.GetValueOrDefault(DistrictSuperiorNameKey) : data.GetValueOrDefault(ReceivingSuperiorNameKey);
        return new TransferDecisionData(superior ?? "", issuer, TransferDecisionLetter.Symbol(issuer), byDistrict ? "TRƯỞNG PHÒNG" : "HIỆU TRƯỞNG",
            trackingCode, issuedOn, data.GetValueOrDefault(PlaceKey) ?? "", data[TransferRequest.PupilNameKey],
            Applicant.ParseDate(data[TransferRequest.PupilDateOfBirthKey]), data[TransferRequest.PupilClassKey],
            int.Parse(data[TransferRequest.GradeKey], CultureInfo.InvariantCulture), data[SendingSchoolNameKey], data[ReceivingSchoolNameKey],
            data[TransferRequest.ReasonKey]);
    }

    /// <summary>
    /// The application a checked request to move a pupil from the school <paramref name="sendingUnitId"/> makes, or null when the
    /// receiving school is not one the pupil may move to. The district office approves when the two schools are under
    /// different ones; it is the receiving school's.
    /// </summary>
    public async Task<DossierApplication?> ApplicationAsync(PortalDbContext db, TransferRequest request, Guid sendingUnitId, Guid idempotencyKey,
        string statusUrl, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(request);
        var sending = await db.Units.AsNoTracking().SingleAsync(u => u.Id == sendingUnitId, ct);
        var receiving = (await ReceivingSchoolsAsync(db, sending.Id, ct)).SingleOrDefault(s => s.Id == request.ReceivingSchoolId);
        if (receiving is null)
        {
            return null;
        }

        var names = await db.Units.AsNoTracking().Select(u => new { u.Id, u.NameVi, u.ParentId }).ToDictionaryAsync(u => u.Id, ct);
        string? NameOf(Guid? id) => id is { } i && names.TryGetValue(i, out var u) ? u.NameVi : null;
        var root = names.Values.FirstOrDefault(u => u.ParentId is null)?.NameVi ?? "";
        var city = root.LastIndexOf("thành phố ", StringComparison.Ordinal) is var at and >= 0 ? root[(at + "thành phố ".Length)..] : root;

        var data = request.ToData();
        data[SendingSchoolNameKey] = sending.NameVi;
        data[SendingSuperiorNameKey] = NameOf(sending.ParentId) ?? "";
        data[ReceivingSchoolNameKey] = receiving.NameVi;
        data[ReceivingSuperiorNameKey] = receiving.DistrictNameVi ?? "";
        data[PlaceKey] = city;
        var crossDistrict = receiving.DistrictId is { } district && district != sending.ParentId;
        if (crossDistrict)
        {
            data[DistrictIdKey] = receiving.DistrictId!.Value.ToString();
            data[DistrictNameKey] = receiving.DistrictNameVi ?? "";
            data[DistrictSuperiorNameKey] = NameOf(names[receiving.DistrictId.Value].ParentId) ?? "";
        }

        return new DossierApplication(this, sending.Id, sending.NameVi, Slug, TitleVi, TitleEn, ProcessingDays(crossDistrict), idempotencyKey,
            new Applicant(request.ApplicantName, request.ApplicantDateOfBirth, request.ApplicantPhone, request.ApplicantEmail), data, statusUrl, actor);
    }

    private static string Display(FormField question, string? value, bool english) =>
        question.Kind switch
        {
            FormFieldKind.Date when DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) =>
                date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
            FormFieldKind.Choice => question.Choices.FirstOrDefault(c => c.Value == value)?.Label(english) ?? value ?? "—",
            _ => value ?? "—",
        };
}
