using System.Globalization;
using System.Resources;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Services.Data;
using Services.Data.Admissions;
using Services.Data.Dossiers;
using Services.Data.Units;
using Services.Workflows.Dossiers;
using Services.Workflows.Runtime;

namespace Services.Workflows.Admissions;

/// <summary>
/// Tuyển sinh đầu cấp on the service seam: a district office's campaign is offered by the office and by each of its
/// participating schools; a family's application is a dossier of the first-choice school, verified by its staff in
/// the desk queue, with a row of its own (<see cref="AdmissionApplication"/>) written in the submission's
/// transaction, where the database holds one active application per child and campaign.
/// </summary>
public sealed class AdmissionService : ServiceDefinition
{
    public const string ServiceKey = "admission";
    public const string Slug = "tuyen-sinh";
    public const int ProcessingDays = 5;
    public const string TitleVi = "Tuyển sinh đầu cấp";
    public const string TitleEn = "Entry-level admission";

    /// <summary>The unique index that keeps one active application per child and campaign.</summary>
    public const string OneApplicationPerChild = "ix_admission_applications_campaign_id_personal_id";

    private static readonly ResourceManager TextResources = new("Services.Workflows.Admissions.AdmissionTexts", typeof(AdmissionService).Assembly);

    public override string Key => ServiceKey;

    public override WorkflowDefinition Workflow { get; } = new AdmissionApplicationWorkflow();

    protected override ResourceManager Texts => TextResources;

    public override IReadOnlyList<NotificationTemplate> OnSubmitted => AdmissionApplicationWorkflow.OnSubmitted;

    public override CitizenActions ActionsAt(string stepName) => CitizenActions.None;

    public override bool DecisionNeedsComment(string decision) => decision == AdmissionApplicationWorkflow.Events.RefuseDocuments;

    public override DecisionTone ToneOf(string decision) =>
        decision == AdmissionApplicationWorkflow.Events.AcceptDocuments ? DecisionTone.Positive : DecisionTone.Negative;

    public override async Task<ILookup<Guid, ServiceOffering>> OfferingsAsync(PortalDbContext db, IReadOnlyCollection<Guid> unitIds, bool includeUnpublished, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var offered = await db.Units
            .Where(u => unitIds.Contains(u.Id) && db.AdmissionCampaigns.Any(c => c.UnitId == u.Id || c.Schools.Any(s => s.SchoolId == u.Id)))
            .Select(u => u.Id)
            .ToListAsync(ct);
        var offering = new ServiceOffering(Key, Slug, TitleVi, TitleEn,
            "Đăng ký tuyển sinh vào lớp đầu cấp trực tuyến: xem trường đúng tuyến, nộp hồ sơ, xem kết quả kèm lời giải thích và xác nhận nhập học.",
            "Apply online for a first-year place: see the zone school, apply, read the result with its explanation and confirm enrolment.",
            ProcessingDays, $"dich-vu/{Slug}");
        return offered.ToLookup(id => id, _ => offering);
    }

    public override async Task<IReadOnlyList<DossierAnswer>> AnswersAsync(PortalDbContext db, Dossier dossier, bool english, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(dossier);
        var campaignId = Guid.TryParse(dossier.Data.GetValueOrDefault(AdmissionRequest.CampaignKey), out var id) ? id : Guid.Empty;
        var campaign = await db.AdmissionCampaigns.AsNoTracking().Include(c => c.Schools).Include(c => c.PriorityGroups).AsSplitQuery()
            .SingleOrDefaultAsync(c => c.Id == campaignId, ct);
        if (campaign is null)
        {
            return [];
        }

        var schools = await SchoolsAsync(db, campaign, ct);
        return AdmissionRequest.Questions(campaign, schools)
            .Where(q => dossier.Data.ContainsKey(q.Key))
            .Select(q => new DossierAnswer(q.Key, q.Label(english), Display(q, dossier.Data[q.Key], english)))
            .ToList();
    }

    /// <summary>The campaign's schools as a family chooses them, by name.</summary>
    public static async Task<IReadOnlyList<SchoolChoice>> SchoolsAsync(PortalDbContext db, AdmissionCampaign campaign, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(campaign);
        var ids = campaign.Schools.Select(s => s.SchoolId).ToList();
        return await db.Units.AsNoTracking().Where(u => ids.Contains(u.Id)).OrderBy(u => u.NameVi)
            .Select(u => new SchoolChoice(u.Id, u.NameVi, u.NameEn)).ToListAsync(ct);
    }

    public override IEnumerable<NpgsqlBatchCommand> ServiceRows(Guid dossierId, DossierApplication application)
    {
        ArgumentNullException.ThrowIfNull(application);
        if (application.ServiceData is not AdmissionRequest request)
        {
            throw new InvalidOperationException("An admission dossier carries its request.");
        }

        yield return Sql.Command(
            "INSERT INTO admission_applications (id, campaign_id, dossier_id, personal_id, child_name, date_of_birth, ward, residence, priority_order, choices, status, created_at) " +
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now())",
            Guid.CreateVersion7(), request.CampaignId, dossierId, request.PersonalId, request.ChildName, request.ChildDateOfBirth, request.Ward,
            request.Residence.ToString(), request.PriorityOrder, request.Choices.ToArray(), nameof(AdmissionStatus.Submitted));
    }

    /// <summary>The application a checked request makes: a dossier of the first-choice school.</summary>
    public DossierApplication Application(AdmissionRequest request, Guid schoolId, string schoolName, Guid idempotencyKey, string statusUrl, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new DossierApplication(this, schoolId, schoolName, Slug, TitleVi, TitleEn, ProcessingDays, idempotencyKey,
            new Applicant(request.ParentName, request.ParentDateOfBirth, request.ParentPhone, request.ParentEmail), request.ToData(), statusUrl, actor, request);
    }

    private static string Display(Services.Data.Dossiers.FormField question, string value, bool english) => question.Kind switch
    {
        FormFieldKind.Date when DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) =>
            date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
        FormFieldKind.Choice => question.Choices.FirstOrDefault(c => c.Value == value) is { } choice ? (english ? choice.LabelEn : choice.LabelVi) : value,
        FormFieldKind.Checkbox => value == "true" ? (english ? "Yes" : "Có") : (english ? "No" : "Không"),
        _ => value,
    };
}
