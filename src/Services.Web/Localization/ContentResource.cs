namespace Services.Web.Localization;

/// <summary>The texts of the unit portals' content: editorial pages, news, documents, disclosures (issue 14).</summary>
public sealed class ContentResource;
