using System.Globalization;
using System.Resources;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Services.Data;
using Services.Data.Dossiers;
using Services.Data.GenericForms;
using Services.Workflows.Dossiers;
using Services.Workflows.Runtime;

namespace Services.Workflows.GenericForms;

/// <summary>
/// The generic online forms a unit admin defines (xin nghỉ học, phúc khảo…): one service definition for all of them,
/// each published form an offering of its unit. A dossier records which form, and which version of it, it came from.
/// </summary>
public sealed class GenericFormService : ServiceDefinition
{
    public const string ServiceKey = "generic-form";

    private static readonly ResourceManager TextResources = new("Services.Workflows.GenericForms.GenericFormTexts", typeof(GenericFormService).Assembly);

    public override string Key => ServiceKey;

    public override WorkflowDefinition Workflow { get; } = new GenericFormWorkflow();

    protected override ResourceManager Texts => TextResources;

    public override IReadOnlyList<NotificationTemplate> OnSubmitted => GenericFormWorkflow.OnSubmitted;

    public override string? SupplementRequest => GenericFormWorkflow.Events.RequestSupplement;

    public override CitizenActions ActionsAt(string stepName) => stepName switch
    {
        GenericFormWorkflow.Steps.AwaitingSupplement => CitizenActions.Supplement | CitizenActions.Withdraw,
        GenericFormWorkflow.Steps.Approved or GenericFormWorkflow.Steps.Rejected or GenericFormWorkflow.Steps.Withdrawn => CitizenActions.Rate,
        _ => CitizenActions.None,
    };

    public override string? EventOf(CitizenActions action) => action switch
    {
        CitizenActions.Supplement => GenericFormWorkflow.Events.Supplement,
        CitizenActions.Withdraw => GenericFormWorkflow.Events.Withdraw,
        _ => null,
    };

    // Approval needs no explanation; a refusal or a request for documents does.
    public override bool DecisionNeedsComment(string decision) => decision != GenericFormWorkflow.Events.Approve;

    public override DecisionTone ToneOf(string decision) => decision switch
    {
        GenericFormWorkflow.Events.Approve => DecisionTone.Positive,
        GenericFormWorkflow.Events.Reject => DecisionTone.Negative,
        _ => DecisionTone.Neutral,
    };

    public override async Task<ILookup<Guid, ServiceOffering>> OfferingsAsync(PortalDbContext db, IReadOnlyCollection<Guid> unitIds, bool includeUnpublished, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var forms = await db.OnlineForms.AsNoTracking()
            .Where(f => unitIds.Contains(f.UnitId) && (includeUnpublished || f.Status == OnlineFormStatus.Published))
            .OrderBy(f => f.TitleVi)
            .ToListAsync(ct);
        return forms.ToLookup(f => f.UnitId,
            f => new ServiceOffering(Key, f.Slug, f.TitleVi, f.TitleEn, f.DescriptionVi, f.DescriptionEn, f.ProcessingDays, $"dich-vu/{f.Slug}"));
    }

    public override async Task<IReadOnlyList<DossierAnswer>> AnswersAsync(PortalDbContext db, Dossier dossier, bool english, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(dossier);
        var form = await (from g in db.GenericFormDossiers where g.DossierId == dossier.Id join f in db.OnlineForms on g.FormId equals f.Id select f)
            .AsNoTracking().SingleAsync(ct);
        return new FormJourney(form).AllFields
            .Select(field =>
            {
                var value = dossier.Data.GetValueOrDefault(field.Key);
                var file = field.Kind == FormFieldKind.File ? DossierFile.Parse(value) : null;
                return new DossierAnswer(field.Key, field.Label(english), AnswerText(field, value, english), file);
            })
            .ToList();
    }

    /// <summary>How an answer reads (a choice's label, a date as dd/MM/yyyy, a ticked box as "yes", a file by its name).</summary>
    public static string AnswerText(FormField field, string? value, bool english)
    {
        ArgumentNullException.ThrowIfNull(field);
        var culture = english ? CultureInfo.GetCultureInfo("en") : CultureInfo.GetCultureInfo("vi");
        return field.Kind switch
        {
            _ when string.IsNullOrEmpty(value) => TextResources.GetString("Answer.None", culture) ?? "—",
            FormFieldKind.File => DossierFile.Parse(value)?.Name ?? TextResources.GetString("Answer.None", culture) ?? "—",
            FormFieldKind.Choice => field.Choices.FirstOrDefault(c => c.Value == value)?.Label(english) ?? value,
            FormFieldKind.Checkbox => TextResources.GetString(value == "true" ? "Answer.Yes" : "Answer.No", culture) ?? value,
            FormFieldKind.Date when DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) =>
                date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
            _ => value,
        };
    }

    /// <summary>The application a completed draft of <paramref name="form"/> makes.</summary>
    public DossierApplication Application(OnlineForm form, DossierDraft draft, string unitName, string statusUrl, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(draft);
        return new DossierApplication(this, form.UnitId, unitName, form.Slug, form.TitleVi, form.TitleEn, form.ProcessingDays, draft.Id,
            FormJourney.ApplicantOf(draft.Data), draft.Data, statusUrl, actor, form);
    }

    public override IEnumerable<NpgsqlBatchCommand> ServiceRows(Guid dossierId, DossierApplication application)
    {
        ArgumentNullException.ThrowIfNull(application);
        var form = application.ServiceData as OnlineForm ?? throw new ArgumentException("A generic-form application carries its form.", nameof(application));
        yield return Sql.Command("INSERT INTO generic_form_dossiers (dossier_id, form_id, form_version) VALUES ($1, $2, $3)", dossierId, form.Id, form.Version);
        // The draft (whose id is the idempotency key) ends with the submission: its answers now live in the dossier, and
        // its token opens only the confirmation and receipt, for a short while (finding 9).
        yield return Sql.Command(
            "UPDATE dossier_drafts SET data = '{}', email = NULL, submitted_at = d.submitted_at, expires_at = LEAST(dossier_drafts.expires_at, d.submitted_at + $3) " +
            "FROM dossiers d WHERE d.id = $1 AND dossier_drafts.id = $2", dossierId, application.IdempotencyKey, FormDrafts.AfterSubmission);
    }
}
