namespace Services.Web.Localization;

/// <summary>
/// Marker for the identity pages' texts: <c>Resources/Localization/AccountResource.resx</c> (vi) and <c>.en.resx</c>.
/// Kept apart from <see cref="SharedResource"/> so the account area can change without touching the portal's strings.
/// </summary>
public sealed class AccountResource;
