using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;

namespace Services.Web.Search;

/// <summary>The search the page runs: ranked, faceted by kind and unit, paged, with highlighted and encoded snippets.</summary>
public sealed class SiteSearch(SearchIndex index)
{
    private const int MaxPage = 100;
    private const int SnippetLength = 180;

    /// <summary>A snippet is looked for in the start of a long text only: analysing a whole article per hit costs more than the search.</summary>
    private const int MaxCharsHighlighted = 10_000;

    private readonly LanguageFilters _languages = new();
    private readonly SegmentOrdinals _ordinals = new();

    public SearchResults Search(SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var page = Math.Clamp(request.Page, 1, MaxPage);
        var start = (page - 1) * request.PageSize;
        return index.Search(searcher =>
        {
            var words = QueryBuilder.Build(index.Analyzer, request.Text, searcher.IndexReader);
            if (words is null)
            {
                return SearchResults.Empty;
            }

            // Fuzzy words are expanded into the index's terms once, for the search and every highlight alike (the
            // highlighter would otherwise expand them again on each hit's text).
            var expanded = searcher.Rewrite(words);
            var top = TopScoreDocCollector.Create(start + request.PageSize, docsScoredInOrder: true);
            var facets = new FacetCollector(top, _ordinals, request.Kind, request.Unit?.ToString("D"));
            // The language only filters (no weight), as the documents the postings accept.
            searcher.Search(expanded, _languages.Of(request.Language), facets);
            var titles = Highlighter(expanded, SearchIndex.TitleField, new NullFragmenter());
            var snippets = Highlighter(expanded, SearchIndex.BodyField, new SimpleFragmenter(SnippetLength));
            var hits = top.GetTopDocs(start, request.PageSize).ScoreDocs
                .Select(hit => ToHit(searcher, hit.Doc, titles, snippets))
                .ToList();
            var units = facets.Units.Where(u => Guid.TryParse(u.Key, out _)).ToDictionary(u => Guid.Parse(u.Key), u => u.Value);
            return new SearchResults(hits, top.TotalHits, facets.Kinds, units);
        });
    }

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

        using var tokens = index.Analyzer.GetTokenStream(field, new StringReader(text));
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
