namespace Services.Web.Localization;

/// <summary>Marker for the operations console's strings: <c>Resources/Localization/OperationsResource.resx</c> (vi) and <c>.en.resx</c>.</summary>
public sealed class OperationsResource;
