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

    public SearchResults Search(SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var words = QueryBuilder.Build(index.Analyzer, request.Text);
        if (words is null)
        {
            return SearchResults.Empty;
        }

        var page = Math.Clamp(request.Page, 1, MaxPage);
        var start = (page - 1) * request.PageSize;
        return index.Search(searcher =>
        {
            // Fuzzy words are expanded into the index's terms once, for the search and every highlight alike (the
            // highlighter would otherwise expand them again on each hit's text).
            var expanded = searcher.Rewrite(words);
            var query = new BooleanQuery
            {
                { expanded, Occur.MUST },
                // Weightless: the language only filters.
                { new TermQuery(new Term(SearchIndex.LanguageField, request.Language)) { Boost = 0 }, Occur.MUST },
            };
            var top = TopScoreDocCollector.Create(start + request.PageSize, docsScoredInOrder: true);
            var facets = new FacetCollector(top, request.Kind, request.Unit?.ToString("D"));
            searcher.Search(query, facets);
            var hits = top.GetTopDocs(start, request.PageSize).ScoreDocs
                .Select(hit => ToHit(searcher, hit.Doc, expanded))
                .ToList();
            var units = facets.Units.Where(u => Guid.TryParse(u.Key, out _)).ToDictionary(u => Guid.Parse(u.Key), u => u.Value);
            return new SearchResults(hits, top.TotalHits, facets.Kinds, units);
        });
    }

    private SearchHit ToHit(IndexSearcher searcher, int doc, Query words)
    {
        var document = searcher.Doc(doc);
        var title = document.Get(SearchIndex.TitleField, CultureInfo.InvariantCulture) ?? "";
        var text = document.Get(SearchIndex.BodyField, CultureInfo.InvariantCulture) ?? "";
        var titleHtml = Highlight(words, SearchIndex.TitleField, title, new NullFragmenter(), 1) ?? Marks.Encode(title);
        var snippetHtml = Highlight(words, SearchIndex.BodyField, text, null, 2)
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

    /// <returns>null when no word of the query occurs in <paramref name="text"/>.</returns>
    private string? Highlight(Query words, string field, string text, IFragmenter? fragmenter, int fragments)
    {
        if (text.Length == 0)
        {
            return null;
        }

        var scorer = new QueryScorer(words, field);
        var highlighter = new Highlighter(Marks.Formatter, Marks.Encoder, scorer)
        {
            TextFragmenter = fragmenter ?? new SimpleSpanFragmenter(scorer, SnippetLength),
        };
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
