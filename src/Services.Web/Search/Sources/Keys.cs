namespace Services.Web.Search.Sources;

/// <summary>The change table's keys of sources keyed by a uuid; a key that is not one names nothing.</summary>
internal static class Keys
{
    public static List<Guid> Guids(IReadOnlyCollection<string> keys) =>
        keys.Select(k => Guid.TryParse(k, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).ToList();
}
