namespace Services.Web.Localization;

/// <summary>Marker for the staff workplace's strings (navigation, homes, the desk, administration): <c>Resources/Localization/WorkplaceResource.resx</c> (vi) and <c>.en.resx</c>.</summary>
public sealed class WorkplaceResource;
