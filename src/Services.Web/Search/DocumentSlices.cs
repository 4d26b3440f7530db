using Lucene.Net.Index;

namespace Services.Web.Search;

/// <summary>
/// Splits an index's documents into contiguous slices of about equal size, across segment boundaries and within a
/// segment alike (a rebuilt index is mostly one large segment, so slicing by segment would leave one thread with
/// almost all the work). Slices are in document order: the first holds the lowest document ids.
/// </summary>
/// <param name="maxSlices">At most this many slices (the machine's cores).</param>
/// <param name="minDocumentsPerSlice">No slice smaller than this, so a small index is one slice.</param>
internal sealed class DocumentSlices(int maxSlices, int minDocumentsPerSlice)
{
    public IReadOnlyList<IReadOnlyList<DocumentRange>> Of(IndexReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var total = reader.MaxDoc;
        var count = Math.Clamp(total / Math.Max(minDocumentsPerSlice, 1), 1, Math.Max(maxSlices, 1));
        var slices = new List<IReadOnlyList<DocumentRange>>(count);
        var segments = reader.Leaves;
        var segment = 0;
        for (var i = 0; i < count; i++)
        {
            // Global document ids [from, to) of this slice, cut into the parts each segment holds.
            var from = (int)((long)total * i / count);
            var to = (int)((long)total * (i + 1) / count);
            var ranges = new List<DocumentRange>();
            while (segment < segments.Count && from < to)
            {
                var context = segments[segment];
                var end = context.DocBase + context.AtomicReader.MaxDoc;
                if (from >= end)
                {
                    segment++;
                    continue;
                }

                var until = Math.Min(to, end);
                ranges.Add(new DocumentRange(context, from - context.DocBase, until - context.DocBase));
                from = until;
            }

            slices.Add(ranges);
        }

        return slices;
    }
}

/// <summary>The documents [<paramref name="From"/>, <paramref name="To"/>) of one segment, by the segment's own ids.</summary>
internal sealed record DocumentRange(AtomicReaderContext Segment, int From, int To);
