using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;

namespace Services.Web.Search;

/// <summary>
/// The search the page runs: ranked, faceted by kind and unit, paged, with highlighted and encoded snippets. A large
/// index is matched, scored and counted in slices of its documents on several threads at once (ADR 0034).
/// </summary>
public sealed class SiteSearch
{
    private const int MaxPage = 100;
    private const int SnippetLength = 180;

    /// <summary>A snippet is looked for in the start of a long text only: analysing a whole article per hit costs more than the search.</summary>
    private const int MaxCharsHighlighted = 10_000;

    /// <summary>
    /// Below this many documents per slice a search stays on one thread: handing a slice to another thread costs more
    /// than matching a few thousand documents.
    /// </summary>
    private const int MinDocumentsPerSlice = 10_000;

    private readonly SearchIndex _index;
    private readonly DocumentSlices _slices;
    private readonly LanguageFilters _languages = new();
    private readonly SegmentOrdinals _ordinals = new();

    /// <summary>Slices the index into as many parts as the machine has cores, each of at least <see cref="MinDocumentsPerSlice"/> documents.</summary>
    public SiteSearch(SearchIndex index)
        : this(index, new DocumentSlices(Environment.ProcessorCount, MinDocumentsPerSlice))
    {
    }

    internal SiteSearch(SearchIndex index, DocumentSlices slices)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(slices);
        _index = index;
        _slices = slices;
    }

    public SearchResults Search(SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var page = Math.Clamp(request.Page, 1, MaxPage);
        var start = (page - 1) * request.PageSize;
        return _index.Search(searcher =>
        {
            var words = QueryBuilder.Build(_index.Analyzer, request.Text, searcher.IndexReader);
            if (words is null)
            {
                return SearchResults.Empty;
            }

            // Fuzzy words are expanded into the index's terms once, for the search and every highlight alike (the
            // highlighter would otherwise expand them again on each hit's text).
            var expanded = searcher.Rewrite(words);
            // The language only filters (no weight), as the documents the postings accept. One weight serves every slice.
            var weight = searcher.CreateNormalizedWeight(new FilteredQuery(expanded, _languages.Of(request.Language)));
            var slices = _slices.Of(searcher.IndexReader);
            var found = new SliceResult[slices.Count];
            if (slices.Count == 1)
            {
                found[0] = Collect(weight, slices[0], start + request.PageSize, request);
            }
            else
            {
                Parallel.For(0, slices.Count, i => found[i] = Collect(weight, slices[i], start + request.PageSize, request));
            }

            // Slices are in document order, so the merge breaks equal scores by document as one collector would.
            var onPage = TopDocs.Merge(null, start, request.PageSize, found.Select(f => f.Top).ToArray());
            var titles = Highlighter(expanded, SearchIndex.TitleField, new NullFragmenter());
            var snippets = Highlighter(expanded, SearchIndex.BodyField, new SimpleFragmenter(SnippetLength));
            var hits = onPage.ScoreDocs
                .Select(hit => ToHit(searcher, hit.Doc, titles, snippets))
                .ToList();
            var units = Sum(found.Select(f => f.Units)).Where(u => Guid.TryParse(u.Key, out _)).ToDictionary(u => Guid.Parse(u.Key), u => u.Value);
            return new SearchResults(hits, onPage.TotalHits, Sum(found.Select(f => f.Kinds)), units);
        });
    }

    /// <summary>Matches, scores and counts the documents of one slice, keeping its best <paramref name="wanted"/> hits.</summary>
    private SliceResult Collect(Weight weight, IReadOnlyList<DocumentRange> slice, int wanted, SearchRequest request)
    {
        var top = TopScoreDocCollector.Create(wanted, docsScoredInOrder: true);
        var facets = new FacetCollector(top, _ordinals, request.Kind, request.Unit?.ToString("D"));
        foreach (var range in slice)
        {
            var scorer = weight.GetScorer(range.Segment, range.Segment.AtomicReader.LiveDocs);
            if (scorer is null)
            {
                continue;
            }

            facets.SetNextReader(range.Segment);
            facets.SetScorer(scorer);
            for (var doc = scorer.Advance(range.From); doc < range.To; doc = scorer.NextDoc())
            {
                facets.Collect(doc);
            }
        }

        return new SliceResult(top.GetTopDocs(), facets.Kinds, facets.Units);
    }

    private static Dictionary<string, int> Sum(IEnumerable<IReadOnlyDictionary<string, int>> counts)
    {
        var sum = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, count) in counts.SelectMany(c => c))
        {
            sum[name] = sum.GetValueOrDefault(name) + count;
        }

        return sum;
    }

    private sealed record SliceResult(TopDocs Top, IReadOnlyDictionary<string, int> Kinds, IReadOnlyDictionary<string, int> Units);

    private SearchHit ToHit(IndexSearcher searcher, int doc, Highlighter titles, Highlighter snippets)
    {
        var document = searcher.Doc(doc);
        var title = document.Get(SearchIndex.TitleField, CultureInfo.InvariantCulture) ?? "";
        var text = document.Get(SearchIndex.BodyField, CultureInfo.InvariantCulture) ?? "";
        var titleHtml = Highlight(titles, SearchIndex.TitleField, title, 1) ?? Marks.Encode(title);
        var snippetHtml = Highlight(snippets, SearchIndex.BodyField, text, 2)
            ?? Marks.Encode(text.Length > SnippetLength ? text[..SnippetLength] + "…" : text);
        var published = document.GetField(SearchIndex.PublishedField)?.GetInt64Value() is { } seconds
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : (DateTimeOffset?)null;
        return new SearchHit(
            document.Get(SearchIndex.KindField, CultureInfo.InvariantCulture) ?? "",
            Guid.TryParse(document.Get(SearchIndex.UnitField, CultureInfo.InvariantCulture), out var unit) ? unit : null,
            document.Get(SearchIndex.UrlField, CultureInfo.InvariantCulture) ?? "/",
            titleHtml,
            snippetHtml,
            published);
    }

    /// <summary>
    /// One highlighter per field and search. The expanded query holds single terms only (no phrases), so a term scorer
    /// marks the same words as a span scorer would, with the terms taken from the query once instead of for each hit.
    /// </summary>
    private static Highlighter Highlighter(Query words, string field, IFragmenter fragmenter) =>
        new(Marks.Formatter, Marks.Encoder, new QueryTermScorer(words, field))
        {
            TextFragmenter = fragmenter,
            MaxDocCharsToAnalyze = MaxCharsHighlighted,
        };

    /// <returns>null when no word of the query occurs in <paramref name="text"/>'s first <see cref="MaxCharsHighlighted"/> characters.</returns>
    private string? Highlight(Highlighter highlighter, string field, string text, int fragments)
    {
        if (text.Length == 0)
        {
            return null;
        }

        using var tokens = _index.Analyzer.GetTokenStream(field, new StringReader(text));
        var best = highlighter.GetBestFragments(tokens, text, fragments, " … ");
        return string.IsNullOrEmpty(best) ? null : best;
    }

    /// <summary>
    /// Text is encoded for HTML (leaving Vietnamese letters as they are); only the highlighter's own <c>&lt;mark&gt;</c>
    /// tags are markup, so a title holding "&lt;script&gt;" shows as text.
    /// </summary>
    private static class Marks
    {
        private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

        public static SimpleHTMLFormatter Formatter { get; } = new("<mark>", "</mark>");
        public static IEncoder Encoder { get; } = new TextEncoder();

        public static string Encode(string text) => Html.Encode(text);

        private sealed class TextEncoder : IEncoder
        {
            public string EncodeText(string originalText) => Html.Encode(originalText);
        }
    }
}
