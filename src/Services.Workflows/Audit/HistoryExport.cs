using System.Text.Json;
using Services.Data.Workflows;
using Services.Workflows.Journal;

namespace Services.Workflows.Audit;

/// <summary>
/// An instance's full history as a file anyone can check offline: every journal entry with every hashed field, the
/// inclusion proofs of its sealed entries, the checkpoints they lead to and the portal's public key
/// (<see cref="HistoryVerification"/> checks it; <c>Services.Web verify-history FILE</c> runs that check).
/// </summary>
public sealed record HistoryExport(string Format, Guid InstanceId, string Definition, int DefinitionVersion, Guid UnitId, string Correlation,
    string Status, string CurrentStep, DateTimeOffset ExportedAt, string Algorithm, string PublicKey, string KeyId, IReadOnlyList<JournalEntry> Entries,
    IReadOnlyList<InclusionProof> Proofs, IReadOnlyList<PublishedCheckpoint> Checkpoints)
{
    public const string FormatName = "servicesportal-history/1";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static HistoryExport Of(AuditHistory history, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(history);
        var i = history.Instance;
        return new HistoryExport(FormatName, i.Id, i.DefinitionName, i.DefinitionVersion, i.UnitId, i.Correlation, i.Status.ToString(), i.CurrentStep, now,
            JournalSigningKey.AlgorithmName, history.PublicKey, history.KeyId, [.. history.Entries.Select(e => e.Entry)], history.Proofs, history.Checkpoints);
    }

    public HistoryVerdict Verify() =>
        Format != FormatName || Entries.Any(e => e.InstanceId != InstanceId)
            ? HistoryVerdict.Broken(Entries.Count, HistoryFault.EntryAltered, null)
            : HistoryVerification.Verify(Entries, Proofs, Checkpoints, PublicKey);
}
