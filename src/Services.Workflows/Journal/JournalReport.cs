namespace Services.Workflows.Journal;

public enum JournalProblemKind
{
    /// <summary>An entry's content no longer matches its hash, or its hash no longer matches what a checkpoint sealed.</summary>
    BrokenEntry,

    /// <summary>Entries of an existing instance are gone (from the end of its chain, or from a sealed range).</summary>
    MissingEntries,

    /// <summary>An instance is gone with its journal (or its journal without it).</summary>
    MissingInstance,

    /// <summary>Entries appeared in a range a checkpoint had already sealed.</summary>
    AddedEntries,

    /// <summary>The checkpoints in the database differ from a published copy, or their chain or signatures do not hold.</summary>
    ForkedCheckpoint,
}

/// <param name="Detail">For operators and logs (English); pages show <see cref="Kind"/> and the numbers in their own words.</param>
public sealed record JournalProblem(JournalProblemKind Kind, string Detail, int? Checkpoint = null, Guid? InstanceId = null, int? Seq = null);

/// <param name="Entries">Journal entries read.</param>
/// <param name="Instances">Instances whose chains were checked.</param>
/// <param name="LastCheckpoint">The newest checkpoint checked against (the published one when a copy was given).</param>
/// <param name="Problems">In the order found: checkpoints first, then sealed ranges, then each instance's chain.</param>
public sealed record JournalReport(long Entries, int Instances, PublishedCheckpoint? LastCheckpoint, bool AgainstPublishedCopy, IReadOnlyList<JournalProblem> Problems)
{
    public bool Intact => Problems.Count == 0;
}
