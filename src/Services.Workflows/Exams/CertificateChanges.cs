using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Services.Data;
using Services.Data.Exams;
using Services.Data.Identity;
using Services.Data.Workflows;
using Services.Workflows.Forms;
using Services.Workflows.Journal;
using Services.Workflows.Runtime;

namespace Services.Workflows.Exams;

/// <summary>Why a proposal or a decision was refused; the pages turn each into a sentence.</summary>
public enum CertificateChangeRefusal
{
    NoSuchCertificate,
    OtherUnit,
    NotAllowed,
    OwnProposal,
    AlreadyPending,
    AlreadyRevoked,
    ReasonNeeded,
    InvalidValue,
    NothingChanged,
    NotPending,
}

public sealed class CertificateChangeRefusedException(CertificateChangeRefusal reason, string message) : Exception(message)
{
    public CertificateChangeRefusal Reason { get; } = reason;
}

/// <summary>
/// Revocation and correction of certificates with approval (ADR 0024). Every rule is checked here, whatever page calls:
/// only staff of the issuing unit propose, only a unit admin of that unit decides, never on their own proposal; the
/// runtime then writes the registry (<see cref="ApplyAsync"/>) or closes the proposal (<see cref="CloseAsync"/>).
/// </summary>
public sealed class CertificateChanges(PortalDbContext db, WorkflowRuntime runtime, TaskService tasks, AdministrationJournal journal, TimeProvider clock)
{
    public const string ProposedAction = "certificate.change-proposed";
    public const string RevokedAction = "certificate.revoked";
    public const string CorrectedAction = "certificate.corrected";
    public const string RefusedAction = "certificate.change-refused";
    public const int MaxReason = 1000;

    /// <summary>Who may propose: the roles that open the unit's desk.</summary>
    public static IReadOnlyCollection<PortalRole> ProposerRoles { get; } = [PortalRole.Staff, PortalRole.UnitAdmin, PortalRole.DistrictOfficer];

    /// <summary>Who decides: the unit's leaders, who sign and revoke certificates.</summary>
    public const PortalRole ApproverRole = PortalRole.UnitAdmin;

    public static string CorrelationOf(Guid changeId) => $"VB-{changeId:N}";

    public Task<CertificateChange> ProposeRevocationAsync(Guid certificateId, string? reason, Actor actor, CancellationToken ct) =>
        ProposeAsync(certificateId, CertificateChangeKind.Revocation, reason, new Dictionary<string, string?>(), actor, ct);

    /// <summary>
    /// Proposes new values for some fields (<see cref="CertificateField"/>; dates as yyyy-MM-dd); fields given with their
    /// current value are not part of the correction.
    /// </summary>
    public Task<CertificateChange> ProposeCorrectionAsync(Guid certificateId, IReadOnlyDictionary<string, string?> values, string? reason, Actor actor,
        CancellationToken ct) =>
        ProposeAsync(certificateId, CertificateChangeKind.Correction, reason, values, actor, ct);

    /// <summary>Approves (when the flag says so) or refuses with <paramref name="note"/> (required to refuse).</summary>
    public async Task DecideAsync(Guid changeId, bool approve, string? note, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var change = await db.CertificateChanges.AsNoTracking().SingleOrDefaultAsync(c => c.Id == changeId, ct)
            ?? throw Refused(CertificateChangeRefusal.NoSuchCertificate, "No such proposal.");
        if (change.UnitId != actor.UnitId)
        {
            throw Refused(CertificateChangeRefusal.OtherUnit, "The proposal belongs to another unit.");
        }

        if (actor.Role != ApproverRole || actor.UserId is not { } userId)
        {
            throw Refused(CertificateChangeRefusal.NotAllowed, "Only a unit admin of the issuing unit decides.");
        }

        if (userId == change.ProposedById)
        {
            throw Refused(CertificateChangeRefusal.OwnProposal, "No one decides their own proposal.");
        }

        var (text, problem) = CleanText.Check(note, MaxReason, allowLineBreaks: true);
        if (problem is CleanTextProblem.InvalidCharacters or CleanTextProblem.TooLong || (!approve && text.Length == 0))
        {
            throw Refused(CertificateChangeRefusal.ReasonNeeded, "A refusal needs its reason.");
        }

        var task = await db.WorkflowTasks.AsNoTracking()
            .Where(t => t.InstanceId == change.InstanceId && t.Status == HumanTaskStatus.Open && t.Step == CertificateChangeWorkflow.Steps.Review)
            .Select(t => (Guid?)t.Id).FirstOrDefaultAsync(ct)
            ?? throw Refused(CertificateChangeRefusal.NotPending, "The proposal was already decided.");
        var data = new JsonObject
        {
            [CertificateChangeWorkflow.State.DeciderId] = userId.ToString(),
            [CertificateChangeWorkflow.State.DecidedAt] = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
        };
        var result = await tasks.DecideAsync(task, approve ? CertificateChangeWorkflow.Events.Approve : CertificateChangeWorkflow.Events.Refuse,
            text.Length == 0 ? null : text, data, actor, ct);
        if (result.Outcome == DecisionOutcome.AlreadyDecided)
        {
            throw Refused(CertificateChangeRefusal.NotPending, "The proposal was already decided.");
        }
    }

    /// <summary>The unit's proposals, newest first.</summary>
    public async Task<IReadOnlyList<CertificateChangeView>> OfUnitAsync(Guid unitId, CancellationToken ct) =>
        (await db.CertificateChanges.AsNoTracking().Where(c => c.UnitId == unitId)
            .OrderBy(c => c.Status == CertificateChangeStatus.Pending ? 0 : 1).ThenByDescending(c => c.ProposedAt).Take(200)
            .Join(db.Certificates, c => c.CertificateId, x => x.Id, (c, x) => new { Change = c, x.Serial, x.HolderName }).ToListAsync(ct))
        .Select(r => new CertificateChangeView(r.Change, r.Serial, r.HolderName)).ToList();

    /// <summary>The certificate, if it is in <paramref name="unitId"/>'s registry.</summary>
    public Task<Certificate?> CertificateOfUnitAsync(Guid unitId, Guid certificateId, CancellationToken ct) =>
        db.Certificates.AsNoTracking().SingleOrDefaultAsync(c => c.Id == certificateId && c.UnitId == unitId, ct);

    /// <summary>The value of <paramref name="field"/> as the forms and the correction record write it (dates yyyy-MM-dd).</summary>
    public static string ValueOf(Certificate certificate, string field)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return field switch
        {
            CertificateField.HolderName => certificate.HolderName,
            CertificateField.DateOfBirth => certificate.DateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            CertificateField.Type => certificate.Type,
            CertificateField.Classification => certificate.Classification,
            CertificateField.Year => certificate.Year.ToString(CultureInfo.InvariantCulture),
            CertificateField.IssuedOn => certificate.IssuedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            CertificateField.Signer => certificate.Signer,
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
        };
    }

    /// <summary>A value for people: dates as dd/MM/yyyy.</summary>
    public static string Display(string field, string? value) =>
        value is not null && field is CertificateField.DateOfBirth or CertificateField.IssuedOn
                          && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)
            : value ?? "—";

    /// <summary>The Vietnamese name of a field, as the registry's public answer and the journal write it.</summary>
    public static string LabelVi(string field) => field switch
    {
        CertificateField.HolderName => "Họ tên người được cấp",
        CertificateField.DateOfBirth => "Ngày sinh",
        CertificateField.Type => "Loại văn bằng",
        CertificateField.Classification => "Xếp loại",
        CertificateField.Year => "Năm",
        CertificateField.IssuedOn => "Ngày cấp",
        CertificateField.Signer => "Người ký",
        _ => field,
    };

    /// <summary>The workflow's apply step: writes the approved change to the registry, once, with its journal line.</summary>
    public static Task<string> ApplyAsync(AutomatedStepContext context, CancellationToken ct) => FinishAsync(context, approved: true, ct);

    /// <summary>The workflow's close step: the refused proposal is marked so, with the approver's reason, and journaled.</summary>
    public static Task<string> CloseAsync(AutomatedStepContext context, CancellationToken ct) => FinishAsync(context, approved: false, ct);

    private static async Task<string> FinishAsync(AutomatedStepContext context, bool approved, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = context.State;
        var changeId = Guid.Parse(state[CertificateChangeWorkflow.State.ChangeId]!.GetValue<string>());
        await using var scope = context.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var journal = scope.ServiceProvider.GetRequiredService<AdministrationJournal>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        var chain = await journal.ChainOfAsync(context.UnitId, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var change = await db.CertificateChanges.FromSql($"SELECT * FROM certificate_changes WHERE id = {changeId} FOR UPDATE").SingleAsync(ct);
        if (change.Status != CertificateChangeStatus.Pending)
        {
            // A retried step: the first run wrote everything.
            return CertificateChangeWorkflow.Events.Done;
        }

        var certificate = await db.Certificates.FromSql($"SELECT * FROM certificates WHERE id = {change.CertificateId} FOR UPDATE").SingleAsync(ct);
        change.DecidedById = Guid.TryParse(state[CertificateChangeWorkflow.State.DeciderId]?.GetValue<string>(), out var decider) ? decider : null;
        change.DecidedByName = state["lastDecidedBy"]?.GetValue<string>();
        change.DecidedAt = DateTimeOffset.TryParse(state[CertificateChangeWorkflow.State.DecidedAt]?.GetValue<string>(), CultureInfo.InvariantCulture,
            DateTimeStyles.None, out var at) ? at : now;
        change.DecisionNote = state["lastComment"]?.GetValue<string>();
        change.Status = approved ? CertificateChangeStatus.Approved : CertificateChangeStatus.Refused;
        var details = new Dictionary<string, string?>
        {
            ["certificate"] = certificate.Serial,
            ["proposal"] = CorrelationOf(change.Id),
            ["proposedBy"] = change.ProposedByName,
            ["reason"] = change.Reason,
        };
        string action;
        if (!approved)
        {
            action = RefusedAction;
            details["refusal"] = change.DecisionNote;
        }
        else if (change.Kind == CertificateChangeKind.Revocation)
        {
            action = RevokedAction;
            certificate.Status = CertificateStatus.Revoked;
            certificate.StatusNote = change.Reason;
            certificate.StatusChangedAt = now;
        }
        else
        {
            action = CorrectedAction;
            // The old values are those the registry held when the correction was written, kept in the proposal's row.
            var fields = new List<CertificateFieldChange>();
            foreach (var field in change.Fields)
            {
                fields.Add(new CertificateFieldChange { Field = field.Field, Old = ValueOf(certificate, field.Field), New = field.New });
                Set(certificate, field.Field, field.New);
            }

            change.Fields = fields;
            var summary = string.Join("; ", fields.Select(f => $"{LabelVi(f.Field)}: {Display(f.Field, f.Old)} → {Display(f.Field, f.New)}"));
            certificate.Status = CertificateStatus.Corrected;
            certificate.StatusNote = Truncate($"{summary}. Lý do: {change.Reason}", MaxReason);
            certificate.StatusChangedAt = now;
            details["changes"] = summary;
        }

        certificate.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        var actor = new Actor(change.DecidedById, ApproverRole, change.UnitId, null, change.DecidedByName ?? "?");
        await journal.RecordAsync((NpgsqlTransaction)transaction.GetDbTransaction(), chain, action, details, actor, ct);
        await transaction.CommitAsync(ct);
        return CertificateChangeWorkflow.Events.Done;
    }

    private async Task<CertificateChange> ProposeAsync(Guid certificateId, CertificateChangeKind kind, string? reason, IReadOnlyDictionary<string, string?> values,
        Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(values);
        var certificate = await db.Certificates.AsNoTracking().SingleOrDefaultAsync(c => c.Id == certificateId, ct)
            ?? throw Refused(CertificateChangeRefusal.NoSuchCertificate, "No such certificate.");
        if (certificate.UnitId != actor.UnitId)
        {
            throw Refused(CertificateChangeRefusal.OtherUnit, "Only the issuing unit proposes changes to its certificates.");
        }

        if (actor.Role is not { } role || !ProposerRoles.Contains(role) || actor.UserId is not { } userId)
        {
            throw Refused(CertificateChangeRefusal.NotAllowed, "Only the issuing unit's staff propose changes.");
        }

        if (certificate.Status == CertificateStatus.Revoked)
        {
            throw Refused(CertificateChangeRefusal.AlreadyRevoked, "A revoked certificate is not changed again.");
        }

        var (why, problem) = CleanText.Check(reason, MaxReason, allowLineBreaks: true);
        if (problem is not null || why.Length == 0)
        {
            throw Refused(CertificateChangeRefusal.ReasonNeeded, "A proposal needs its reason.");
        }

        var fields = new List<CertificateFieldChange>();
        if (kind == CertificateChangeKind.Correction)
        {
            foreach (var field in CertificateField.All)
            {
                if (!values.TryGetValue(field, out var given) || given is null)
                {
                    continue;
                }

                var value = Checked(field, given) ?? throw Refused(CertificateChangeRefusal.InvalidValue, $"The value of {field} is not valid.");
                var current = ValueOf(certificate, field);
                if (!string.Equals(value, current, StringComparison.Ordinal))
                {
                    fields.Add(new CertificateFieldChange { Field = field, Old = current, New = value });
                }
            }

            if (fields.Count == 0)
            {
                throw Refused(CertificateChangeRefusal.NothingChanged, "The correction changes nothing.");
            }
        }

        var now = clock.GetUtcNow();
        var change = new CertificateChange
        {
            Id = Guid.CreateVersion7(now), CertificateId = certificate.Id, UnitId = certificate.UnitId, Kind = kind, Reason = why, Fields = fields,
            Status = CertificateChangeStatus.Pending, ProposedById = userId, ProposedByName = actor.DisplayName, ProposedAt = now,
        };
        var chain = await journal.ChainOfAsync(certificate.UnitId, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var npgsql = (NpgsqlTransaction)transaction.GetDbTransaction();
        var state = new JsonObject
        {
            [CertificateChangeWorkflow.State.ChangeId] = change.Id.ToString(),
            [CertificateChangeWorkflow.State.ProposerId] = userId.ToString(),
        };
        var started = await runtime.StartAsync(npgsql, CertificateChangeWorkflow.WorkflowName, certificate.UnitId, CorrelationOf(change.Id), state, actor,
            CertificateChangeWorkflow.OnProposed, ct);
        change.InstanceId = started.InstanceId;
        db.CertificateChanges.Add(change);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw Refused(CertificateChangeRefusal.AlreadyPending, "Another proposal for this certificate waits for its decision.");
        }

        await journal.RecordAsync(npgsql, chain, ProposedAction, new Dictionary<string, string?>
        {
            ["certificate"] = certificate.Serial,
            ["proposal"] = CorrelationOf(change.Id),
            ["kind"] = kind.ToString(),
            ["reason"] = why,
            ["changes"] = string.Join("; ", fields.Select(f => $"{LabelVi(f.Field)}: {Display(f.Field, f.Old)} → {Display(f.Field, f.New)}")),
        }, actor, ct);
        await transaction.CommitAsync(ct);
        return change;
    }

    /// <summary>The value in its stored form, or null when it is not a valid value of the field.</summary>
    private static string? Checked(string field, string given)
    {
        var (value, problem) = CleanText.Check(given, field == CertificateField.Classification ? 100 : 200, allowLineBreaks: false);
        if (problem is not null || value.Length == 0)
        {
            return null;
        }

        return field switch
        {
            CertificateField.DateOfBirth or CertificateField.IssuedOn =>
                DateOnly.TryParseExact(value, ["yyyy-MM-dd", "dd/MM/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                    : null,
            CertificateField.Year => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 1950 and <= 2100
                ? year.ToString(CultureInfo.InvariantCulture)
                : null,
            _ => value,
        };
    }

    private static void Set(Certificate certificate, string field, string value)
    {
        switch (field)
        {
            case CertificateField.HolderName: certificate.HolderName = value; break;
            case CertificateField.DateOfBirth: certificate.DateOfBirth = DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture); break;
            case CertificateField.Type: certificate.Type = value; break;
            case CertificateField.Classification: certificate.Classification = value; break;
            case CertificateField.Year: certificate.Year = int.Parse(value, CultureInfo.InvariantCulture); break;
            case CertificateField.IssuedOn: certificate.IssuedOn = DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture); break;
            case CertificateField.Signer: certificate.Signer = value; break;
            default: throw new ArgumentOutOfRangeException(nameof(field), field, null);
        }
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static CertificateChangeRefusedException Refused(CertificateChangeRefusal reason, string message) => new(reason, message);
}

/// <summary>A proposal with its certificate's serial and holder, for the staff list.</summary>
public sealed record CertificateChangeView(CertificateChange Change, string Serial, string HolderName);
