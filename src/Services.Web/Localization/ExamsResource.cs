namespace Services.Web.Localization;

/// <summary>The texts of the exams and certificates pages (issue 12).</summary>
public sealed class ExamsResource;
