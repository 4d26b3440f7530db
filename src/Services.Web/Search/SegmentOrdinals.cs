using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace Services.Web.Search;

/// <summary>
/// A facet field of one segment as arrays: each document's ordinal, read once from the segment's doc values, and each
/// ordinal's value. They are kept with the segment's core (a segment's doc values never change; a new segment gets
/// its own, a merged-away one is collected with its core). Counting a hit is then an array read instead of a decoding
/// of the packed doc values, on each of the tens of thousands of hits of a broad query, and the counts are named
/// without decoding a value per ordinal on every search.
/// </summary>
internal sealed class SegmentOrdinals
{
    private readonly ConditionalWeakTable<object, ConcurrentDictionary<string, FacetField>> _segments = new();

    public FacetField Of(AtomicReader reader, SortedDocValues values, string field)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(values);
        return _segments.GetOrCreateValue(reader.CoreCacheKey).GetOrAdd(field, _ => Read(reader.MaxDoc, values));
    }

    private static FacetField Read(int documents, SortedDocValues values)
    {
        var ordinals = new int[documents];
        for (var doc = 0; doc < ordinals.Length; doc++)
        {
            ordinals[doc] = values.GetOrd(doc);
        }

        var names = new string[values.ValueCount];
        var term = new BytesRef();
        for (var ord = 0; ord < names.Length; ord++)
        {
            values.LookupOrd(ord, term);
            names[ord] = term.Utf8ToString();
        }

        return new FacetField(ordinals, names);
    }
}

/// <param name="Ordinals">The ordinal of each document of the segment (-1: none), by the segment's doc id.</param>
/// <param name="Names">The value of each ordinal.</param>
internal sealed record FacetField(int[] Ordinals, string[] Names);
