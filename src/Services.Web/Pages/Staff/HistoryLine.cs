using Microsoft.Extensions.Localization;
using Services.Data.Identity;
using Services.Data.Workflows;
using Services.Web.Localization;
using Services.Workflows.Dossiers;

namespace Services.Web.Pages.Staff;

/// <summary>
/// One journal entry as staff read it: a Vietnamese (or English) sentence in the service's own words, worked out from
/// what the entry records (its event id, the steps before and after), never the runtime's English action text.
/// </summary>
public sealed record HistoryLine(DateTimeOffset At, string Text, string Who)
{
    public static HistoryLine Of(JournalEntry entry, ServiceDefinition service, IStringLocalizer<WorkplaceResource> w)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(w);
        var parts = entry.EventId.Split(':');
        var moved = entry.StepAfter is { } after && entry.StepAfter != entry.StepBefore
            ? " " + w["History.MovedTo", service.StepLabel(after)].Value
            : "";
        var eventName = entry.Action.Split(':')[0];
        var text = parts[0] switch
        {
            "start" => w["History.Received"].Value + moved,
            "task" when parts.Length >= 3 && parts[2] == "claimed" => w["History.Claimed"].Value,
            "task" when parts.Length >= 3 && parts[2] == "released" => w["History.Released"].Value,
            "task" when parts.Length >= 3 && parts[2] == "reassigned" => w["History.Reassigned", AfterPrefix(entry.Action, " reassigned to ")].Value,
            "task" when parts.Length >= 3 && parts[2] == "escalated" => w["History.Escalated"].Value,
            "task" => w["History.Decided", service.DecisionLabel(eventName)].Value + moved,
            DossierSupplements.EventIdPrefix => w["History.Supplemented"].Value + moved,
            "citizen" => w["History.Citizen"].Value + moved,
            "timer" when parts.Length >= 3 && parts[2] == "failed" => w["History.AutomatedFailed"].Value,
            "timer" when parts.Length >= 3 && parts[2] == "incident" => w["History.Incident"].Value,
            "timer" => w["History.TimedOut"].Value + moved,
            "auto" => w["History.Automated"].Value + moved,
            "incident" => w["History.IncidentRetried"].Value,
            "cancel" => w["History.Cancelled"].Value,
            "migrate" => w["History.Migrated"].Value,
            _ => w["History.Other"].Value + moved,
        };
        return new HistoryLine(entry.OccurredAt, text, ActorOf(entry, w));
    }

    private static string ActorOf(JournalEntry entry, IStringLocalizer<WorkplaceResource> w)
    {
        if (entry.ActorName.StartsWith("system:", StringComparison.Ordinal))
        {
            return w["History.System"];
        }

        if (entry.ActorRole is { } role && Enum.TryParse<PortalRole>(role, out var parsed))
        {
            return $"{entry.ActorName}, {w[$"Role.{parsed}"]}";
        }

        return entry.ActorUserId is null ? $"{entry.ActorName}, {w["History.Applicant"]}" : entry.ActorName;
    }

    private static string AfterPrefix(string action, string prefix)
    {
        var at = action.IndexOf(prefix, StringComparison.Ordinal);
        return at < 0 ? "?" : action[(at + prefix.Length)..];
    }
}
