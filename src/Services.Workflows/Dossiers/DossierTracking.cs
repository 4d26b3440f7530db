using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Dossiers;
using Services.Data.Workflows;
using Services.Workflows.Runtime;

namespace Services.Workflows.Dossiers;

/// <summary>
/// A dossier as its applicant and its handlers follow it: the answers from the dossier, the status and the history
/// from its workflow instance (correlated by tracking code), the step titles from the instance's definition version.
/// </summary>
public sealed class DossierTracking(PortalDbContext db, InstanceQueries instances, WorkflowRegistry registry)
{
    public async Task<DossierStatus?> FindAsync(string trackingCode, CancellationToken ct)
    {
        var dossier = await db.Dossiers.AsNoTracking().SingleOrDefaultAsync(d => d.TrackingCode == trackingCode, ct);
        if (dossier is null)
        {
            return null;
        }

        var form = await db.OnlineForms.AsNoTracking().SingleAsync(f => f.Id == dossier.FormId, ct);
        var instance = await instances.FindByCorrelationAsync(trackingCode, ct);
        if (instance is null)
        {
            return new DossierStatus(dossier, form, null, null, [], null);
        }

        var blueprint = registry.Get(instance.Summary.DefinitionName, instance.Summary.DefinitionVersion);
        var journal = await instances.JournalAsync(instance.Summary.Id, ct);
        var history = journal
            .Where(e => e.StepAfter is not null && e.StepAfter != e.StepBefore)
            .Select(e => new DossierEvent(e.OccurredAt, e.StepAfter!, blueprint.HasStep(e.StepAfter!) ? blueprint.Step(e.StepAfter!).Title : e.StepAfter!))
            .ToList();
        var comment = instance.State["lastComment"]?.GetValue<string>();
        return new DossierStatus(dossier, form, instance.Summary, blueprint.Step(instance.Summary.CurrentStep).Title, history, comment);
    }

    /// <summary>True when <paramref name="dateOfBirth"/> or <paramref name="phone"/> matches the applicant's (the lookup's second factor).</summary>
    public static bool SecondFactorMatches(Dossier dossier, DateOnly? dateOfBirth, string? phone)
    {
        var dobMatches = dateOfBirth is { } dob && dob == dossier.ApplicantDateOfBirth;
        var digits = Digits(phone);
        var phoneMatches = digits.Length >= 8 && Digits(dossier.ApplicantPhone) == digits;
        return dobMatches | phoneMatches; // both are always evaluated: no shortcut to time
    }

    private static string Digits(string? text) => new((text ?? "").Where(char.IsAsciiDigit).ToArray());
}

public sealed record DossierStatus(
    Dossier Dossier, OnlineForm Form, InstanceSummary? Instance, string? StepTitle, IReadOnlyList<DossierEvent> History, string? LastComment)
{
    public bool IsFinished => Instance?.Status is WorkflowStatus.Completed or WorkflowStatus.Cancelled;
}

public sealed record DossierEvent(DateTimeOffset At, string Step, string Title);
