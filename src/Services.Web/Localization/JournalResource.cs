namespace Services.Web.Localization;

/// <summary>Marker for the journal's strings: <c>Resources/Localization/JournalResource.resx</c> (vi) and <c>.en.resx</c>.</summary>
public sealed class JournalResource;
