namespace Services.Web.Localization;

/// <summary>Marker for the shared resource files: <c>Resources/Localization.SharedResource.resx</c> (vi) and <c>.en.resx</c>.</summary>

public sealed class SharedResource;

