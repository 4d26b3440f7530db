namespace Services.Web.Localization;

/// <summary>Marker for the search's strings: <c>Resources/Localization/SearchResource.resx</c> (vi) and <c>.en.resx</c>.</summary>
public sealed class SearchResource;
