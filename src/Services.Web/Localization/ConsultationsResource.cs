namespace Services.Web.Localization;

/// <summary>The texts of the public consultation pages and their administration (issue 13).</summary>
public sealed class ConsultationsResource;
