using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;

namespace Services.Web.Search;

/// <summary>
/// A facet field's ordinal for every document of a segment, read once from its doc values into an array and kept with
/// the segment's core (a segment's doc values never change; a new segment gets its own array). Counting a hit is then
/// an array read instead of a decoding of the packed doc values, on each of the tens of thousands of hits of a broad query.
/// </summary>
internal sealed class SegmentOrdinals
{
    private readonly ConditionalWeakTable<object, ConcurrentDictionary<string, int[]>> _segments = new();

    /// <returns>The ordinal of <paramref name="field"/> per document (-1: none), indexed by the segment's doc id.</returns>
    public int[] Of(AtomicReader reader, SortedDocValues values, string field)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(values);
        return _segments.GetOrCreateValue(reader.CoreCacheKey).GetOrAdd(field, _ =>
        {
            var ordinals = new int[reader.MaxDoc];
            for (var doc = 0; doc < ordinals.Length; doc++)
            {
                ordinals[doc] = values.GetOrd(doc);
            }

            return ordinals;
        });
    }
}
