using System.Text;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Services.Web.Search;

namespace Services.Tests.Unit.Search;

public sealed class FoldingAnalyzerTests : IDisposable
{
    private readonly FoldingAnalyzer _analyzer = new();

    [Fact]
    public void Folds_stacked_vowels_and_d_bar_while_keeping_the_word_as_written()
    {
        Assert.Equal(["duong", "đường", "tuyen", "tuyển", "sinh", "lop", "lớp", "1"], Tokens("Đường TUYỂN sinh lớp 1"));
    }

    [Fact]
    public void Decomposed_text_folds_like_composed_text()
    {
        var decomposed = "Tuyển sinh".Normalize(NormalizationForm.FormD);

        Assert.NotEqual("Tuyển sinh", decomposed);
        Assert.Equal(Tokens("Tuyển sinh"), Tokens(decomposed));
    }

    [Fact]
    public void Words_of_a_query_keep_the_folded_form_first()
    {
        var words = QueryBuilder.Words(_analyzer, "chuyển trường dan");

        Assert.Equal([["chuyen", "chuyển"], ["truong", "trường"], ["dan"]], words);
    }

    [Fact]
    public void Accents_are_optional_both_ways_and_the_same_accents_rank_first()
    {
        using var index = IndexOf("Tuyen sinh bo sung", "Tuyển sinh lớp 1", "Chuyển trường");

        Assert.Equal(["Tuyển sinh lớp 1", "Tuyen sinh bo sung"], Search(index, "tuyển sinh"));
        Assert.Equal(["Tuyen sinh bo sung"], Search(index, "bổ sung"));
        Assert.Equal(2, Search(index, "tuyen sinh").Count);
    }

    [Fact]
    public void A_typo_still_finds_the_word_but_ranks_below_the_exact_one()
    {
        using var index = IndexOf("Chuyển trường", "Chuyển trương");

        Assert.Equal(["Chuyển trường", "Chuyển trương"], Search(index, "chuyen trường"));
        Assert.Equal(["Chuyển trường"], Search(index, "chuyen truogn").Take(1));
        Assert.Empty(Search(index, "tuyển sinh"));
    }

    [Fact]
    public void A_word_the_index_holds_is_not_widened_to_its_neighbours_but_a_misspelt_one_is()
    {
        var titles = Enumerable.Range(1, QueryBuilder.KnownFrom).Select(i => $"Tuyển sinh đợt {i}").Append("Tuyết rơi").ToArray();
        using var index = IndexOf(titles);

        // "tuyen" is known (in KnownFrom titles): "tuyết", an edit away, is not mixed in.
        Assert.Equal(QueryBuilder.KnownFrom, Search(index, "tuyen").Count);
        Assert.DoesNotContain("Tuyết rơi", Search(index, "tuyen"));
        // "tuyeet" is in no title: it is a typo, and finds the word an edit away.
        Assert.Equal(["Tuyết rơi"], Search(index, "tuyeet"));
    }

    [Fact]
    public void Query_syntax_is_text()
    {
        using var index = IndexOf("Tuyển sinh lớp 1");
        using var reader = DirectoryReader.Open(index);

        Assert.Empty(Search(index, "tuyen AND NOT sinh*"));
        Assert.Null(QueryBuilder.Build(_analyzer, "  ** -- ?? ", reader));
    }

    public void Dispose() => _analyzer.Dispose();

    private List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        using var stream = _analyzer.GetTokenStream("text", new StringReader(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            tokens.Add(term.ToString());
        }

        stream.End();
        return tokens;
    }

    private RAMDirectory IndexOf(params string[] titles)
    {
        var directory = new RAMDirectory();
        using var writer = new IndexWriter(directory, new IndexWriterConfig(FoldingAnalyzer.Version, _analyzer));
        foreach (var title in titles)
        {
            writer.AddDocument(new Document { new TextField("title", title, Field.Store.YES), new TextField("text", "", Field.Store.NO) });
        }

        writer.Commit();
        return directory;
    }

    private List<string> Search(RAMDirectory directory, string text)
    {
        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader);
        var query = QueryBuilder.Build(_analyzer, text, reader);
        return query is null ? [] : searcher.Search(query, 10).ScoreDocs.Select(d => searcher.Doc(d.Doc).Get("title", System.Globalization.CultureInfo.InvariantCulture)).ToList();
    }
}
