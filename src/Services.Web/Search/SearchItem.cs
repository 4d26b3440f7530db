namespace Services.Web.Search;

/// <summary>
/// One searchable item as a source reads it from the database. <see cref="Key"/> is the item's key within its kind,
/// as the change table records it; a source may return one item per language for the same key.
/// </summary>
/// <param name="Url">Path without the language prefix (<c>/th-a/thu-tuc/TH-01</c>); the page adds <c>/en</c>.</param>
/// <param name="Language"><c>vi</c> or <c>en</c>: the page searches the visitor's language.</param>
public sealed record SearchItem(
    string Key,
    Guid? Unit,
    string Title,
    string Text,
    string Url,
    string Language,
    DateTimeOffset? Published);
