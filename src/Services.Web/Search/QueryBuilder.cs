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

    /// <summary>Where a word is looked for, and its weight there.</summary>
    private static readonly (string Field, float Boost)[] Weighted = [(SearchIndex.TitleField, TitleBoost), (SearchIndex.BodyField, 1f)];

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
            var folded = forms[0];
            var edits = IsTypo(reader, folded) ? MaxEdits(folded) : 0;
            all.Add(edits > 0 ? Widened(forms, edits) : Known(forms), Occur.MUST);
        }

        return all;
    }

    /// <summary>
    /// A word the index holds: its folded form, in the title or the text, is what must match (every document holding the
    /// accented form holds the folded one at the same position); the accented form only adds to the score. Scores are
    /// those of one disjunction of all four terms, but the accented postings are only advanced to the documents the
    /// folded ones found, instead of being merged in on their own.
    /// </summary>
    private static BooleanQuery Known(List<string> forms)
    {
        var folded = Fields(forms[0], 1f);
        if (forms.Count == 1)
        {
            return folded;
        }

        var word = new BooleanQuery(disableCoord: true) { { folded, Occur.MUST } };
        foreach (var accented in forms.Skip(1))
        {
            foreach (var clause in Fields(accented, AccentBoost).Clauses)
            {
                word.Add(clause);
            }
        }

        return word;
    }

    /// <summary>A typo: any of its forms, or an index term within <paramref name="edits"/> of its folded form, matches.</summary>
    private static BooleanQuery Widened(List<string> forms, int edits)
    {
        var word = Fields(forms[0], 1f);
        foreach (var accented in forms.Skip(1))
        {
            foreach (var clause in Fields(accented, AccentBoost).Clauses)
            {
                word.Add(clause);
            }
        }

        foreach (var (field, boost) in Weighted)
        {
            word.Add(new FuzzyQuery(new Term(field, forms[0]), edits, FuzzyPrefix, FuzzyExpansions, transpositions: true) { Boost = boost * FuzzyBoost }, Occur.SHOULD);
        }

        return word;
    }

    /// <summary>The <paramref name="form"/> in the title or the text, each with its weight.</summary>
    private static BooleanQuery Fields(string form, float boost)
    {
        var either = new BooleanQuery(disableCoord: true);
        foreach (var (field, weight) in Weighted)
        {
            either.Add(new TermQuery(new Term(field, form)) { Boost = weight * boost }, Occur.SHOULD);
        }

        return either;
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
