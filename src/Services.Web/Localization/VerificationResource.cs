namespace Services.Web.Localization;

/// <summary>Marker for the verification page's strings: <c>Resources/Localization/VerificationResource.resx</c> (vi) and <c>.en.resx</c>.</summary>
public sealed class VerificationResource;
