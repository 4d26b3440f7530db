using System.Globalization;
using System.Resources;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Dossiers;
using Services.Data.Units;
using Services.Workflows.Dossiers;
using Services.Workflows.Runtime;

namespace Services.Workflows.StudentStatus;

/// <summary>
/// Xác nhận học sinh: every school offers it; a parent asks on one page, staff issue or refuse, and the issued
/// certificate is a PDF the parent downloads from the status page.
/// </summary>
public sealed class StudentStatusService : ServiceDefinition
{
    public const string ServiceKey = "student-status";
    public const string Slug = "giay-xac-nhan-hoc-sinh";
    public const int ProcessingDays = 2;
    public const string TitleVi = "Cấp giấy xác nhận học sinh";
    public const string TitleEn = "Certificate of student status";

    /// <summary>The school's name as the dossier keeps it, for the certificate's header.</summary>
    public const string SchoolNameKey = "truong";

    private static readonly ResourceManager TextResources = new("Services.Workflows.StudentStatus.StudentStatusTexts", typeof(StudentStatusService).Assembly);

    public override string Key => ServiceKey;

    public override WorkflowDefinition Workflow { get; } = new StudentStatusWorkflow();

    protected override ResourceManager Texts => TextResources;

    public override IReadOnlyList<NotificationTemplate> OnSubmitted => StudentStatusWorkflow.OnSubmitted;

    public override CitizenActions ActionsAt(string stepName) =>
        stepName is StudentStatusWorkflow.Steps.Issued or StudentStatusWorkflow.Steps.Refused ? CitizenActions.Rate : CitizenActions.None;

    public override bool DecisionNeedsComment(string decision) => decision == StudentStatusWorkflow.Events.Refuse;

    public override DecisionTone ToneOf(string decision) =>
        decision == StudentStatusWorkflow.Events.Issue ? DecisionTone.Positive : DecisionTone.Negative;

    public override async Task<ILookup<Guid, ServiceOffering>> OfferingsAsync(PortalDbContext db, IReadOnlyCollection<Guid> unitIds, bool includeUnpublished, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var schools = await db.Units
            .Where(u => unitIds.Contains(u.Id) && u.Kind != UnitKind.Department && u.Kind != UnitKind.DistrictOffice)
            .Select(u => u.Id)
            .ToListAsync(ct);
        var offering = new ServiceOffering(Key, Slug, TitleVi, TitleEn,
            "Nhà trường cấp giấy xác nhận học sinh đang theo học, dùng cho hồ sơ học bổng, chế độ chính sách…",
            "The school certifies that the pupil is enrolled, for scholarship, benefit and similar applications.",
            ProcessingDays, $"dich-vu/{Slug}");
        return schools.ToLookup(id => id, _ => offering);
    }

    public override Task<IReadOnlyList<DossierAnswer>> AnswersAsync(PortalDbContext db, Dossier dossier, bool english, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        IReadOnlyList<DossierAnswer> answers = StudentStatusRequest.Questions
            .Select(q => new DossierAnswer(q.Key, q.Label(english), Display(q, dossier.Data.GetValueOrDefault(q.Key))))
            .ToList();
        return Task.FromResult(answers);
    }

    public override ServiceDocument? DecisionDocument(DossierStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (status.Instance?.CurrentStep != StudentStatusWorkflow.Steps.Issued)
        {
            return null;
        }

        var data = status.Dossier.Data;
        var issued = WorkingCalendar.LocalDate(status.Instance.CompletedAt ?? status.Instance.UpdatedAt);
        var certificate = new StudentStatusCertificateData(data.GetValueOrDefault(SchoolNameKey) ?? "", status.Dossier.TrackingCode,
            data[StudentStatusRequest.PupilNameKey], Applicant.ParseDate(data[StudentStatusRequest.PupilDateOfBirthKey]), data[StudentStatusRequest.PupilClassKey],
            data[StudentStatusRequest.PurposeKey], issued);
        return new ServiceDocument($"giay-xac-nhan-{status.Dossier.TrackingCode}.pdf", () => StudentStatusCertificate.Render(certificate),
            TextResources.GetString("Certificate", CultureInfo.GetCultureInfo("vi"))!, TextResources.GetString("Certificate", CultureInfo.GetCultureInfo("en"))!);
    }

    /// <summary>The application a checked request to the school <paramref name="unitId"/> makes.</summary>
    public DossierApplication Application(StudentStatusRequest request, Guid unitId, string schoolName, Guid idempotencyKey, string statusUrl, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(request);
        var data = new Dictionary<string, string>(request.ToData(), StringComparer.Ordinal) { [SchoolNameKey] = schoolName };
        return new DossierApplication(this, unitId, schoolName, Slug, TitleVi, TitleEn, ProcessingDays, idempotencyKey,
            new Applicant(request.ApplicantName, request.ApplicantDateOfBirth, request.ApplicantPhone, request.ApplicantEmail), data, statusUrl, actor);
    }

    private static string Display(FormField question, string? value) =>
        question.Kind == FormFieldKind.Date && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)
            : value ?? "—";
}
