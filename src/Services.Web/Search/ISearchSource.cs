using Services.Data;

namespace Services.Web.Search;

/// <summary>
/// A kind of searchable content (procedures, online services, news…): how to read its items from PostgreSQL, the
/// source of truth. Register one per kind in DI; the indexer reads every source on a rebuild and re-reads the keys
/// the change table names (<c>search_changes.kind</c> = <see cref="Kind"/>) as they change (ADR 0020).
/// </summary>
public interface ISearchSource
{
    /// <summary>The kind's name in the change table, the index and the URL's facet (<c>thu-tuc</c>).</summary>
    string Kind { get; }

    /// <summary>
    /// The published items of this kind: all of them when <paramref name="keys"/> is null (a rebuild), else only those
    /// keys. A key that yields nothing (deleted, unpublished) is removed from the index.
    /// </summary>
    IAsyncEnumerable<SearchItem> ReadAsync(PortalDbContext db, IReadOnlyCollection<string>? keys, CancellationToken ct);
}
