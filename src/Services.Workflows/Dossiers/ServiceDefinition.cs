using System.Globalization;
using System.Resources;
using System.Text.Json.Nodes;
using Services.Data;
using Services.Data.Dossiers;
using Services.Workflows.Runtime;

namespace Services.Workflows.Dossiers;

/// <summary>
/// One public service (dịch vụ), everything the shared dossier pipeline and pages need to know about it: its workflow,
/// where citizens find it, how a submission starts its workflow, which decisions each step offers staff (the step's
/// transitions in the blueprint), the words for its steps and decisions, what the applicant may do at each step, the
/// answers and documents of its dossiers. The pipeline, the staff queue and dossier page, "my dossiers", the status
/// lookup and the catalogue read definitions; none of them names a particular service. Register one with
/// <c>services.AddService&lt;T&gt;()</c>; docs/adding-a-service.md is the recipe.
/// </summary>
public abstract class ServiceDefinition
{
    /// <summary>Stable key stored on every dossier of the service (kebab-case).</summary>
    public abstract string Key { get; }

    /// <summary>The workflow its dossiers run; its name is stored on each instance.</summary>
    public abstract WorkflowDefinition Workflow { get; }

    /// <summary>Words for steps (<c>Step.{step}</c>) and decisions (<c>Decision.{event}</c>), Vietnamese neutral, English satellite.</summary>
    protected abstract ResourceManager Texts { get; }

    /// <summary>
    /// The services each of <paramref name="unitIds"/> offers under this definition (a unit offering none has no group),
    /// read in one go whatever the number of units, for the search's rebuild.
    /// </summary>
    public abstract Task<ILookup<Guid, ServiceOffering>> OfferingsAsync(PortalDbContext db, IReadOnlyCollection<Guid> unitIds, bool includeUnpublished, CancellationToken ct);

    /// <summary>The services a unit offers under this definition, for the catalogue ("Dịch vụ công") and the staff filter.</summary>
    public async Task<IReadOnlyList<ServiceOffering>> OfferingsAsync(PortalDbContext db, Guid unitId, bool includeUnpublished, CancellationToken ct) =>
        (await OfferingsAsync(db, [unitId], includeUnpublished, ct))[unitId].ToList();

    /// <summary>The dossier's answers as people read them, in order; file answers carry their file (for the staff download).</summary>
    public abstract Task<IReadOnlyList<DossierAnswer>> AnswersAsync(PortalDbContext db, Dossier dossier, bool english, CancellationToken ct);

    /// <summary>What the applicant may do while the dossier is in <paramref name="stepName"/>.</summary>
    public abstract CitizenActions ActionsAt(string stepName);

    /// <summary>The event a citizen action raises on the workflow (supplement, withdraw, confirm); null when it raises none.</summary>
    public virtual string? EventOf(CitizenActions action) => null;

    /// <summary>The staff decision that asks the applicant for a supplement (its time does not count against the service).</summary>
    public virtual string? SupplementRequest => null;

    /// <summary>True when staff must explain the decision to the applicant (a refusal, a request for documents).</summary>
    public virtual bool DecisionNeedsComment(string decision) => true;

    /// <summary>How the decision's button looks: a positive, a negative or a neutral outcome.</summary>
    public virtual DecisionTone ToneOf(string decision) => DecisionTone.Neutral;

    /// <summary>What the applicant is sent when the dossier is received (in the submission's transaction).</summary>
    public virtual IReadOnlyList<NotificationTemplate> OnSubmitted => [];

    /// <summary>The document the applicant may download at <paramref name="status"/> (a certificate, a decision), if any.</summary>
    public virtual ServiceDocument? DecisionDocument(DossierStatus status) => null;

    /// <summary>
    /// What the staff of <paramref name="unitId"/> need beside the answers to decide (e.g. a transfer's receiving
    /// school sees its grade's pupils and places); shown on the staff page only, never to the applicant.
    /// </summary>
    public virtual Task<IReadOnlyList<DossierAnswer>> StaffFactsAsync(PortalDbContext db, Dossier dossier, Guid unitId, bool english, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<DossierAnswer>>([]);

    /// <summary>Service data written in the submission's transaction, beside the dossier row (e.g. which form it came from).</summary>
    public virtual IEnumerable<Npgsql.NpgsqlBatchCommand> ServiceRows(Guid dossierId, DossierApplication application) => [];

    /// <summary>Keys the service's workflow reads from its start state, beyond <see cref="DossierState"/>'s.</summary>
    public virtual void AddStartState(JsonObject state, DossierApplication application)
    {
    }

    public string StepLabel(string step) => Texts.GetString($"Step.{step}", CultureInfo.CurrentUICulture) ?? step;

    public string DecisionLabel(string decision) => Texts.GetString($"Decision.{decision}", CultureInfo.CurrentUICulture) ?? decision;

    /// <summary>The decisions open at <paramref name="step"/>: the transitions the blueprint declares for it, in order.</summary>
    public static IReadOnlyList<string> DecisionsAt(WorkflowBlueprint blueprint, string step) =>
        blueprint.HasStep(step) && blueprint.Step(step).Kind == StepKind.Human ? blueprint.Step(step).Transitions.Select(t => t.Event).ToList() : [];
}

/// <summary>Things an applicant can do from the status page.</summary>
[Flags]
public enum CitizenActions
{
    None = 0,
    Supplement = 1,
    Withdraw = 2,
    Confirm = 4,
    Rate = 8,
}

public enum DecisionTone
{
    Neutral,
    Positive,
    Negative,
}

/// <summary>One service a unit offers: where it is served (<see cref="PathInUnit"/>, after <c>/{unit}/</c>) and how long it legally takes.</summary>
public sealed record ServiceOffering(string ServiceKey, string Slug, string TitleVi, string TitleEn, string DescriptionVi, string DescriptionEn, int ProcessingDays,
    string PathInUnit)
{
    public string Title(bool english) => english ? TitleEn : TitleVi;
    public string Description(bool english) => english ? DescriptionEn : DescriptionVi;
}

/// <summary>One answer of a dossier. <see cref="File"/> is set only for answers the service records as files.</summary>
public sealed record DossierAnswer(string Key, string Label, string Text, DossierFile? File = null);

/// <summary>A generated document: a PDF and the name it is downloaded under.</summary>
public sealed record ServiceDocument(string FileName, Func<byte[]> Render, string LabelVi, string LabelEn)
{
    public string Label(bool english) => english ? LabelEn : LabelVi;
}
