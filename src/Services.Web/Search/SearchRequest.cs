namespace Services.Web.Search;

/// <summary>What a visitor asked: words, optional kind and unit facets, the page (from 1) and the language searched.</summary>
public sealed record SearchRequest(string Text, string Language, string? Kind = null, Guid? Unit = null, int Page = 1, int PageSize = 10);

/// <summary>One page of hits, the total, and the counts by kind and unit of every hit of the words (before the facets).</summary>
public sealed record SearchResults(
    IReadOnlyList<SearchHit> Hits,
    int Total,
    IReadOnlyDictionary<string, int> Kinds,
    IReadOnlyDictionary<Guid, int> Units)
{
    public static SearchResults Empty { get; } = new([], 0, new Dictionary<string, int>(), new Dictionary<Guid, int>());
}

/// <summary>A hit; <see cref="TitleHtml"/> and <see cref="SnippetHtml"/> are HTML-encoded text with only <c>&lt;mark&gt;</c> added.</summary>
public sealed record SearchHit(string Kind, Guid? Unit, string Url, string TitleHtml, string SnippetHtml, DateTimeOffset? Published);
