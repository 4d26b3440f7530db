using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Services.Web.Search;

/// <summary>
/// Counts every hit by kind and unit (so the facets show what the other choices would give), and passes on to the
/// ranking only the hits of the chosen kind and unit. Counts go by ordinal per segment (the segment's cached
/// <see cref="SegmentOrdinals"/>), named from the same cache once per segment and search.
/// </summary>
internal sealed class FacetCollector(TopScoreDocCollector top, SegmentOrdinals ordinals, string? kind, string? unit) : ICollector
{
    private readonly Dictionary<string, int> _kinds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _units = new(StringComparer.Ordinal);
    private FacetField? _kindField;
    private FacetField? _unitField;
    private int[] _kindCounts = [];
    private int[] _unitCounts = [];
    private int _kindFilter = -1;
    private int _unitFilter = -1;

    public IReadOnlyDictionary<string, int> Kinds { get { Flush(); return _kinds; } }
    public IReadOnlyDictionary<string, int> Units { get { Flush(); return _units; } }

    public bool AcceptsDocsOutOfOrder => false;

    public void SetScorer(Scorer scorer) => top.SetScorer(scorer);

    public void SetNextReader(AtomicReaderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Flush();
        top.SetNextReader(context);
        var reader = context.AtomicReader;
        var kindValues = reader.GetSortedDocValues(SearchIndex.KindField);
        var unitValues = reader.GetSortedDocValues(SearchIndex.UnitField);
        _kindField = kindValues is null ? null : ordinals.Of(reader, kindValues, SearchIndex.KindField);
        _unitField = unitValues is null ? null : ordinals.Of(reader, unitValues, SearchIndex.UnitField);
        _kindCounts = new int[_kindField?.Names.Length ?? 0];
        _unitCounts = new int[_unitField?.Names.Length ?? 0];
        _kindFilter = Ordinal(kindValues, kind);
        _unitFilter = Ordinal(unitValues, unit);
    }

    public void Collect(int doc)
    {
        var kindOrd = _kindField?.Ordinals[doc] ?? -1;
        var unitOrd = _unitField?.Ordinals[doc] ?? -1;
        if (kindOrd >= 0)
        {
            _kindCounts[kindOrd]++;
        }

        if (unitOrd >= 0)
        {
            _unitCounts[unitOrd]++;
        }

        if ((_kindFilter == -1 || kindOrd == _kindFilter) && (_unitFilter == -1 || unitOrd == _unitFilter))
        {
            top.Collect(doc);
        }
    }

    /// <summary>-1: no filter; -2: the chosen value is absent from this segment, so nothing here passes.</summary>
    private static int Ordinal(SortedDocValues? values, string? chosen) =>
        chosen is null ? -1
        : values?.LookupTerm(new BytesRef(chosen)) is >= 0 and var ord ? ord
        : -2;

    private void Flush()
    {
        Add(_kindField, _kindCounts, _kinds);
        Add(_unitField, _unitCounts, _units);
        _kindCounts = [];
        _unitCounts = [];
    }

    private static void Add(FacetField? field, int[] counts, Dictionary<string, int> into)
    {
        for (var ord = 0; ord < counts.Length; ord++)
        {
            if (counts[ord] > 0)
            {
                var name = field!.Names[ord];
                into[name] = into.GetValueOrDefault(name) + counts[ord];
            }
        }
    }
}
