using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Services.Web.Search;

/// <summary>
/// Turns a visitor's words into a Lucene query without a query syntax (so nothing typed is ever an operator): every
/// word must match, in the title (weighted) or the text, either exactly as typed, folded, or — for a word the index
/// (almost) does not hold, i.e. a typo — within an edit or two. A word typed with accents adds its accented form,
/// which accented documents match on top of the folded one; fuzzy matches weigh least.
/// </summary>
public static class QueryBuilder
{
    private const int MaxWords = 12;
    private const float TitleBoost = 3f;
    private const float AccentBoost = 1.5f;
    private const float FuzzyBoost = 0.3f;

    /// <summary>A folded word found in fewer documents than this (title and text together) is taken for a typo.</summary>
    internal const int KnownFrom = 5;

    /// <summary>Typos rarely touch a word's first two letters; fixing them keeps the expansion to a few index terms.</summary>
    private const int FuzzyPrefix = 2;

    /// <summary>The nearest index terms a typo is widened to (Lucene's default, 50, costs a posting list each).</summary>
    private const int FuzzyExpansions = 16;

    /// <param name="reader">The index searched: a word gets fuzzy neighbours only when it is rare there, so a
    /// correctly spelt word ("sinh") is not widened into the posting lists of every word an edit away.</param>
    /// <returns>null when the words hold nothing searchable.</returns>
    public static Query? Build(FoldingAnalyzer analyzer, string text, IndexReader reader)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentNullException.ThrowIfNull(reader);
        var words = Words(analyzer, text);
        if (words.Count == 0)
        {
            return null;
        }

        var all = new BooleanQuery();
        foreach (var forms in words.Take(MaxWords))
        {
            var word = new BooleanQuery(disableCoord: true);
            var folded = forms[0];
            var edits = IsTypo(reader, folded) ? MaxEdits(folded) : 0;
            foreach (var (field, boost) in new[] { (SearchIndex.TitleField, TitleBoost), (SearchIndex.BodyField, 1f) })
            {
                word.Add(new TermQuery(new Term(field, folded)) { Boost = boost }, Occur.SHOULD);
                foreach (var accented in forms.Skip(1))
                {
                    word.Add(new TermQuery(new Term(field, accented)) { Boost = boost * AccentBoost }, Occur.SHOULD);
                }

                if (edits > 0)
                {
                    word.Add(new FuzzyQuery(new Term(field, folded), edits, FuzzyPrefix, FuzzyExpansions, transpositions: true) { Boost = boost * FuzzyBoost }, Occur.SHOULD);
                }
            }

            all.Add(word, Occur.MUST);
        }

        return all;
    }

    private static bool IsTypo(IndexReader reader, string folded) =>
        reader.DocFreq(new Term(SearchIndex.TitleField, folded)) + reader.DocFreq(new Term(SearchIndex.BodyField, folded)) < KnownFrom;

    /// <summary>Short words would match too much with a typo allowed: none under 4 letters, one up to 7, two above.</summary>
    private static int MaxEdits(string word) => word.Length switch
    {
        < 4 => 0,
        < 8 => 1,
        _ => 2,
    };

    /// <summary>Each word's forms: the folded one first, then the accented one when it differs.</summary>
    internal static List<List<string>> Words(FoldingAnalyzer analyzer, string text)
    {
        var words = new List<List<string>>();
        using var stream = analyzer.GetTokenStream(SearchIndex.BodyField, new StringReader(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            var form = term.ToString();
            if (increment.PositionIncrement > 0 || words.Count == 0)
            {
                words.Add([form]);
            }
            else if (!words[^1].Contains(form))
            {
                words[^1].Add(form);
            }
        }

        stream.End();
        return words;
    }
}
