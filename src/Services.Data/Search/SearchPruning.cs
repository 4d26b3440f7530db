namespace Services.Data.Search;

/// <summary>
/// How far <c>search_changes</c> has been pruned (one row): the highest (transaction, id) position ever deleted. A
/// node whose cursor lies before it may have missed deleted changes and rebuilds its index from the sources instead
/// (ADR 0020, "Pruning").
/// </summary>
public sealed class SearchPruning
{
    /// <summary>Always 1: the table holds one row.</summary>
    public int Id { get; set; }

    public long TransactionId { get; set; }

    public long ChangeId { get; set; }

    public DateTimeOffset PrunedAt { get; set; }
}
