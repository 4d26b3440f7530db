namespace Services.Web.Localization;

/// <summary>Marker for the catalogue's strings: <c>Resources/Localization/CatalogueResource.resx</c> (vi) and <c>.en.resx</c>.</summary>
public sealed class CatalogueResource;
