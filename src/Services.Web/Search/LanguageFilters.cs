using System.Collections.Concurrent;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Services.Web.Search;

/// <summary>
/// The documents of each language, as one bit set per index segment, built at the segment's first search and kept
/// with it (a segment never changes; a new one gets its own). Applied as the postings' accepted documents, the language
/// costs a bit test per candidate, instead of a third posting list of almost every document in each query's
/// conjunction.
/// </summary>
internal sealed class LanguageFilters
{
    private readonly ConcurrentDictionary<string, Filter> _filters = new(StringComparer.Ordinal);

    public Filter Of(string language) =>
        _filters.GetOrAdd(language, l => new BitSetCache(new QueryWrapperFilter(new TermQuery(new Term(SearchIndex.LanguageField, l)))));

    /// <summary>Caches a segment's documents as a <see cref="FixedBitSet"/>, which offers random access (the default cache is a compressed set without it).</summary>
    private sealed class BitSetCache(Filter filter) : CachingWrapperFilter(filter)
    {
        protected override DocIdSet CacheImpl(DocIdSetIterator iterator, AtomicReader reader)
        {
            var bits = new FixedBitSet(reader.MaxDoc);
            bits.Or(iterator);
            return bits;
        }
    }
}
