namespace Services.Data.Workflows;

/// <summary>
/// The shape of each workflow version as first seen by a running portal: a fingerprint of its steps, kinds,
/// transitions, assignments, due rules, branches and joins. Instances are pinned to their version, so a published
/// version must never change shape; start-up compares and refuses a change.
/// </summary>
public sealed class WorkflowVersionRecord
{
    public required string DefinitionName { get; set; }
    public int Version { get; set; }
    public required string Fingerprint { get; set; }
    public DateTimeOffset FirstSeenAt { get; set; }
}
