using System.Text.Json;
using System.Text.Json.Nodes;
using Services.Data.Identity;
using Services.Data.Workflows;
using Services.Workflows.Journal;
using Services.Workflows.Runtime;

namespace Services.Workflows.Audit;

/// <summary>One value of the instance's data before and after an entry (null: absent).</summary>
public sealed record DataDiff(string Key, string? Before, string? After);

/// <summary>A journal entry with what it changed in the instance's data, worked out by replaying the payloads before it.</summary>
public sealed record HistoryEntry(JournalEntry Entry, IReadOnlyList<DataDiff> Changes);

/// <summary>
/// A human step's time against its due time (set by the step's due rule when the task was created): finished on time,
/// finished late by <see cref="Late"/>, or still open (late or not yet, measured at <c>now</c>).
/// </summary>
public sealed record StepSla(string Step, Guid UnitId, PortalRole Role, HumanTaskStatus Status, DateTimeOffset Started, DateTimeOffset DueAt,
    DateTimeOffset? Finished, string? DecidedBy, TimeSpan Late)
{
    public bool OnTime => Late <= TimeSpan.Zero;
}

/// <summary>Everything an auditor needs about one instance: its journal with the data changes, its steps' SLA, the verdict and the proofs.</summary>
public sealed record AuditHistory(InstanceSummary Instance, IReadOnlyList<HistoryEntry> Entries, IReadOnlyList<StepSla> Steps, HistoryVerdict Verdict,
    IReadOnlyList<InclusionProof> Proofs, IReadOnlyList<PublishedCheckpoint> Checkpoints, PublishedCheckpoint? LatestCheckpoint, string PublicKey, string KeyId)
{
    public IReadOnlyList<string> Path => InstanceQueries.PathOf(Entries.Select(e => e.Entry));
}

/// <summary>Reads one instance's complete history and verifies it against the latest published checkpoints.</summary>
public sealed class InstanceHistory(InstanceQueries instances, TaskQueries tasks, JournalVerifier verifier, InclusionProofs inclusionProofs,
    CheckpointQueries checkpoints, JournalSigningKey key, TimeProvider clock)
{
    /// <summary>Longer values are cut: a diff is for reading, the export carries the full payloads.</summary>
    private const int MaxValueLength = 300;

    public async Task<AuditHistory?> ReadAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        var instance = await instances.GetAsync(instanceId, cancellationToken);
        if (instance is null)
        {
            return null;
        }

        var journal = await instances.JournalAsync(instanceId, cancellationToken);
        var proofs = await inclusionProofs.ForInstanceAsync(instanceId, cancellationToken);
        var sealedBy = new List<PublishedCheckpoint>();
        foreach (var seq in proofs.Select(p => p.Checkpoint).Distinct().Order())
        {
            sealedBy.AddRange(await checkpoints.ListAsync(seq - 1, 1, cancellationToken));
        }

        var verdict = HistoryVerification.Verify(journal, proofs, sealedBy, key.PublicKey);
        if (verdict.Intact && !(await verifier.VerifyAsync(instanceId, cancellationToken)).Intact)
        {
            // The chain holds but the instance row remembers more entries than remain.
            verdict = HistoryVerdict.Broken(journal.Count, HistoryFault.EntriesRemoved, journal.Count + 1);
        }

        var newest = await checkpoints.LatestAsync(1, cancellationToken);
        var latest = newest.Count == 0 ? null : newest[0];
        var steps = (await tasks.ForInstanceAsync(instanceId, cancellationToken)).OrderBy(t => t.CreatedAt).Select(Sla).ToList();
        return new AuditHistory(instance.Summary, Diffs(journal), steps, verdict, proofs, sealedBy, latest, key.PublicKey, key.KeyId);
    }

    private StepSla Sla(TaskSummary task)
    {
        var finished = task.Status == HumanTaskStatus.Decided ? task.DecidedAt : null;
        // A cancelled task was left by a timer or a cancellation, not by its handler: it has no delay to report.
        var measuredAt = task.Status switch
        {
            HumanTaskStatus.Decided => task.DecidedAt ?? task.DueAt,
            HumanTaskStatus.Open => clock.GetUtcNow(),
            _ => task.DueAt,
        };
        return new StepSla(task.Step, task.UnitId, task.Role, task.Status, task.CreatedAt, task.DueAt, finished, task.DecidedByName, measuredAt - task.DueAt);
    }

    /// <summary>Replays the payloads in order: each entry's changes are the keys whose value it set differently.</summary>
    public static IReadOnlyList<HistoryEntry> Diffs(IReadOnlyList<JournalEntry> journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        var history = new List<HistoryEntry>();
        foreach (var entry in journal)
        {
            var changes = new List<DataDiff>();
            if (ParseObject(entry.Payload) is { } payload)
            {
                foreach (var (name, node) in payload)
                {
                    var after = Text(node);
                    var before = data.GetValueOrDefault(name);
                    if (before != after)
                    {
                        changes.Add(new DataDiff(name, Cut(before), Cut(after)));
                    }

                    if (after is null)
                    {
                        data.Remove(name);
                    }
                    else
                    {
                        data[name] = after;
                    }
                }
            }

            history.Add(new HistoryEntry(entry, changes));
        }

        return history;
    }

    private static JsonObject? ParseObject(string? payload)
    {
        if (string.IsNullOrWhiteSpace(payload))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(payload) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => node.ToJsonString(),
    };

    private static string? Cut(string? text) => text is { Length: > MaxValueLength } ? text[..MaxValueLength] + "…" : text;
}
