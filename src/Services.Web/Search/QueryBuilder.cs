using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Services.Web.Search;

/// <summary>
/// Turns a visitor's words into a Lucene query without a query syntax (so nothing typed is ever an operator): every
/// word must match, in the title (weighted) or the text, either exactly as typed, folded, or within an edit or two.
/// A word typed with accents adds its accented form, which accented documents match on top of the folded one; fuzzy
/// matches weigh least.
/// </summary>
public static class QueryBuilder
{
    private const int MaxWords = 12;
    private const float TitleBoost = 3f;
    private const float AccentBoost = 1.5f;
    private const float FuzzyBoost = 0.3f;

    /// <returns>null when the words hold nothing searchable.</returns>
    public static Query? Build(FoldingAnalyzer analyzer, string text)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        var words = Words(analyzer, text);
        if (words.Count == 0)
        {
            return null;
        }

        var all = new BooleanQuery();
        foreach (var forms in words.Take(MaxWords))
        {
            var word = new BooleanQuery(disableCoord: true);
            foreach (var (field, boost) in new[] { (SearchIndex.TitleField, TitleBoost), (SearchIndex.BodyField, 1f) })
            {
                var folded = forms[0];
                word.Add(new TermQuery(new Term(field, folded)) { Boost = boost }, Occur.SHOULD);
                foreach (var accented in forms.Skip(1))
                {
                    word.Add(new TermQuery(new Term(field, accented)) { Boost = boost * AccentBoost }, Occur.SHOULD);
                }

                if (MaxEdits(folded) is > 0 and var edits)
                {
                    word.Add(new FuzzyQuery(new Term(field, folded), edits, prefixLength: 1) { Boost = boost * FuzzyBoost }, Occur.SHOULD);
                }
            }

            all.Add(word, Occur.MUST);
        }

        return all;
    }

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
