using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Util;

namespace Services.Web.Search;

/// <summary>
/// Words in lower case, each indexed twice at one position: folded to ASCII ("tuyển" → "tuyen", "đ" → "d") so a
/// query typed without accents finds it, and as written so a query with the same accents matches both tokens and
/// ranks first. Text is put in NFC first: a decomposed "ê" + combining mark would otherwise escape the folding.
/// </summary>
public sealed class FoldingAnalyzer : Analyzer
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new StandardTokenizer(Version, reader);
        TokenStream stream = new LowerCaseFilter(Version, tokenizer);
        stream = new ASCIIFoldingFilter(stream, preserveOriginal: true);
        return new TokenStreamComponents(tokenizer, stream);
    }

    protected override TextReader InitReader(string fieldName, TextReader reader) =>
        new StringReader(reader.ReadToEnd().Normalize(NormalizationForm.FormC));
}
