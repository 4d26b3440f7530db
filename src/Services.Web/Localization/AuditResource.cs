namespace Services.Web.Localization;

/// <summary>Marker for the audit console's strings: <c>Resources/Localization/AuditResource.resx</c> (vi) and <c>.en.resx</c>.</summary>
public sealed class AuditResource;
