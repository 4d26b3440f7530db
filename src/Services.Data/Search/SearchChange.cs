namespace Services.Data.Search;

/// <summary>
/// One row per change of searchable content, written in the same transaction as the content (by triggers on the
/// catalogue tables, or by the writer itself). Every node tails this table to keep its own full-text index current
/// (ADR 0020); the row only says what changed, the node re-reads the item through its search source.
/// </summary>
public sealed class SearchChange
{
    public long Id { get; set; }

    /// <summary>The search source's kind (e.g. <c>thu-tuc</c>).</summary>
    public required string Kind { get; set; }

    /// <summary>The item's key within its kind (usually its id).</summary>
    public required string Key { get; set; }

    public Guid? Unit { get; set; }

    /// <summary>
    /// The writing transaction's id. Ids of concurrent transactions commit out of order; a reader that only takes
    /// rows of transactions older than every running one never skips a row that commits later.
    /// </summary>
    public long TransactionId { get; set; }

    public DateTimeOffset ChangedAt { get; set; }
}
