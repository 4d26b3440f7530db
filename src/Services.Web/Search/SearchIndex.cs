using System.Globalization;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using LuceneDirectory = Lucene.Net.Store.Directory;
using FSDirectory = Lucene.Net.Store.FSDirectory;

namespace Services.Web.Search;

/// <summary>
/// This node's Lucene index under <c>{Portal:DataPath}/search</c>: a copy of what the sources hold, never the truth.
/// The commit also records how far the change table has been applied (<see cref="ChangeCursor"/>), so the cursor
/// and the documents can never disagree after a crash. Writes come from the indexer alone; searches from any thread.
/// </summary>
public sealed class SearchIndex : IDisposable
{
    internal const string RefField = "ref";
    internal const string KindField = "kind";
    internal const string UnitField = "unit";
    internal const string LanguageField = "lang";
    internal const string TitleField = "title";
    internal const string BodyField = "text";
    internal const string UrlField = "url";
    internal const string PublishedField = "published";
    private const string CursorTransaction = "cursor.transaction";
    private const string CursorId = "cursor.id";

    private readonly LuceneDirectory _directory;
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;

    public SearchIndex(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        Path = System.IO.Path.GetFullPath(System.IO.Path.Combine(configuration["Portal:DataPath"] ?? ".data", "search"));
        System.IO.Directory.CreateDirectory(Path);
        _directory = FSDirectory.Open(new DirectoryInfo(Path));
        bool existing;
        try
        {
            existing = DirectoryReader.IndexExists(_directory);
            _writer = OpenWriter();
        }
        catch (IOException)
        {
            // A process killed mid-commit (kill -9) can leave a torn commit point behind ("read past EOF" on segments_N).
            // The index is only a copy of the sources: it is dropped and rebuilt (Cursor stays null), not left to stop the node.
            foreach (var file in System.IO.Directory.EnumerateFiles(Path))
            {
                File.Delete(file);
            }

            existing = false;
            _writer = OpenWriter();
        }

        Cursor = existing ? ReadCursor(_writer.CommitData) : null;
        _searchers = new SearcherManager(_writer, applyAllDeletes: true, searcherFactory: null);
    }

    private IndexWriter OpenWriter() =>
        new(_directory, new IndexWriterConfig(FoldingAnalyzer.Version, Analyzer) { OpenMode = OpenMode.CREATE_OR_APPEND });

    public string Path { get; }

    public FoldingAnalyzer Analyzer { get; } = new();

    /// <summary>Where this node stands in the change table; null until a rebuild has completed.</summary>
    public ChangeCursor? Cursor { get; private set; }

    /// <summary>Empties the index before a rebuild; nothing is committed until <see cref="Commit"/>.</summary>
    public void Clear() => _writer.DeleteAll();

    /// <summary>Replaces every document of the item <paramref name="kind"/>/<paramref name="key"/> with <paramref name="items"/> (none: removed).</summary>
    public void Replace(string kind, string key, IEnumerable<SearchItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var reference = $"{kind}/{key}";
        _writer.DeleteDocuments(new Term(RefField, reference));
        foreach (var item in items)
        {
            _writer.AddDocument(ToDocument(kind, reference, item));
        }
    }

    /// <summary>Adds an item known to be new (a rebuild), without the delete a replace costs.</summary>
    public void Add(string kind, SearchItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        _writer.AddDocument(ToDocument(kind, $"{kind}/{item.Key}", item));
    }

    /// <summary>Makes the writes durable together with the cursor they bring the index to, and visible to searches.</summary>
    public void Commit(ChangeCursor cursor)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        _writer.SetCommitData(new Dictionary<string, string>
        {
            [CursorTransaction] = cursor.TransactionId.ToString(CultureInfo.InvariantCulture),
            [CursorId] = cursor.Id.ToString(CultureInfo.InvariantCulture),
        });
        _writer.Commit();
        Cursor = cursor;
        _searchers.MaybeRefreshBlocking();
    }

    /// <summary>Runs <paramref name="search"/> on the latest committed state.</summary>
    public T Search<T>(Func<IndexSearcher, T> search)
    {
        ArgumentNullException.ThrowIfNull(search);
        var searcher = _searchers.Acquire();
        try
        {
            return search(searcher);
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    public void Dispose()
    {
        _searchers.Dispose();
        _writer.Dispose();
        _directory.Dispose();
        Analyzer.Dispose();
    }

    private static ChangeCursor? ReadCursor(IDictionary<string, string> data) =>
        data.TryGetValue(CursorTransaction, out var transaction) && data.TryGetValue(CursorId, out var id)
            ? new ChangeCursor(long.Parse(transaction, CultureInfo.InvariantCulture), long.Parse(id, CultureInfo.InvariantCulture))
            : null;

    private static Document ToDocument(string kind, string reference, SearchItem item)
    {
        var document = new Document
        {
            new StringField(RefField, reference, Field.Store.NO),
            new StringField(KindField, kind, Field.Store.YES),
            new SortedDocValuesField(KindField, new BytesRef(kind)),
            new StringField(LanguageField, item.Language, Field.Store.NO),
            new TextField(TitleField, item.Title, Field.Store.YES),
            new TextField(BodyField, item.Text, Field.Store.YES),
            new StoredField(UrlField, item.Url),
        };
        if (item.Unit is { } unit)
        {
            var value = unit.ToString("D");
            document.Add(new StringField(UnitField, value, Field.Store.YES));
            document.Add(new SortedDocValuesField(UnitField, new BytesRef(value)));
        }

        if (item.Published is { } published)
        {
            document.Add(new StoredField(PublishedField, published.ToUnixTimeSeconds()));
        }

        return document;
    }
}

/// <summary>
/// A position in <c>search_changes</c>, ordered by (transaction, id): every change after it is still to be applied.
/// </summary>
public sealed record ChangeCursor(long TransactionId, long Id);
