using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Dossiers;
using Services.Data.Workflows;
using Services.Workflows.Runtime;

namespace Services.Workflows.Dossiers;

/// <summary>
/// A dossier as its applicant and its handlers follow it: the answers from the dossier, the status and the history
/// from its workflow instance (correlated by tracking code), the words for its steps from its service.
/// </summary>
public sealed class DossierTracking(PortalDbContext db, InstanceQueries instances, WorkflowRegistry registry, ServiceDefinitions services)
{
    public async Task<DossierStatus?> FindAsync(string trackingCode, CancellationToken ct)
    {
        var dossier = await db.Dossiers.AsNoTracking().SingleOrDefaultAsync(d => d.TrackingCode == trackingCode, ct);
        if (dossier is null)
        {
            return null;
        }

        var service = services.Get(dossier.ServiceKey);
        var instance = await instances.FindByCorrelationAsync(trackingCode, ct);
        if (instance is null)
        {
            return new DossierStatus(dossier, service, null, null, [], null);
        }

        var blueprint = registry.Get(instance.Summary.DefinitionName, instance.Summary.DefinitionVersion);
        var journal = await instances.JournalAsync(instance.Summary.Id, ct);
        var history = journal
            .Where(e => e.StepAfter is not null && e.StepAfter != e.StepBefore)
            .Select(e => new DossierEvent(e.OccurredAt, e.StepAfter!, service.StepLabel(e.StepAfter!)))
            .ToList();
        var comment = NotificationTemplate.StateText(instance.State, DossierState.LastComment);
        return new DossierStatus(dossier, service, instance.Summary, blueprint, history, string.IsNullOrEmpty(comment) ? null : comment);
    }

    /// <summary>True when <paramref name="dateOfBirth"/> or <paramref name="phone"/> matches the applicant's (the lookup's second factor).</summary>
    public static bool SecondFactorMatches(Dossier dossier, DateOnly? dateOfBirth, string? phone)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        var dobMatches = dateOfBirth is { } dob && dob == dossier.ApplicantDateOfBirth;
        var digits = Digits(phone);
        var phoneMatches = digits.Length >= 8 && Digits(dossier.ApplicantPhone) == digits;
        return dobMatches | phoneMatches; // both are always evaluated: no shortcut to time
    }

    private static string Digits(string? text) => new((text ?? "").Where(char.IsAsciiDigit).ToArray());
}

public sealed record DossierStatus(
    Dossier Dossier, ServiceDefinition Service, InstanceSummary? Instance, WorkflowBlueprint? Blueprint, IReadOnlyList<DossierEvent> History, string? LastComment)
{
    public bool IsFinished => Instance?.Status is WorkflowStatus.Completed or WorkflowStatus.Cancelled;

    public int ProcessingDays => Dossier.ProcessingDays;

    /// <summary>The current step in the service's words.</summary>
    public string? StepLabel => Instance is null ? null : Service.StepLabel(Instance.CurrentStep);

    /// <summary>What the applicant may do now.</summary>
    public CitizenActions Actions => Instance is null ? CitizenActions.None : Service.ActionsAt(Instance.CurrentStep);

    public string ServiceTitle(bool english) => english ? Dossier.ServiceTitleEn : Dossier.ServiceTitleVi;
}

public sealed record DossierEvent(DateTimeOffset At, string Step, string Title);
