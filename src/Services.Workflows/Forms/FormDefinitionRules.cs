using Services.Data.Dossiers;
using Services.Data.GenericForms;

namespace Services.Workflows.Forms;

/// <summary>What a unit admin's form definition must satisfy before it is saved (and so before citizens see it).</summary>
public static class FormDefinitionRules
{
    public const int MaxFields = 60;
    public const int MaxLabelLength = 300;
    public const int MaxHelpLength = 1000;
    public const int MaxDescriptionLength = 2000;
    public const int MaxSectionLength = 120;

    /// <summary>Problems with the definition, in the admin's order of reading; empty when it can be saved.</summary>
    public static IReadOnlyList<FormDefinitionProblem> Check(OnlineForm form)
    {
        var problems = new List<FormDefinitionProblem>();
        void Add(FormDefinitionProblemKind kind, string? key = null) => problems.Add(new FormDefinitionProblem(kind, key));

        if (!UrlSlug.IsValid(form.Slug))
        {
            Add(FormDefinitionProblemKind.BadSlug);
        }

        if (string.IsNullOrWhiteSpace(form.TitleVi) || string.IsNullOrWhiteSpace(form.TitleEn) || form.TitleVi.Length > 200 || form.TitleEn.Length > 200)
        {
            Add(FormDefinitionProblemKind.BadTitle);
        }

        if (!Clean(form.TitleVi, 200) || !Clean(form.TitleEn, 200) || !Clean(form.DescriptionVi, MaxDescriptionLength, lines: true)
            || !Clean(form.DescriptionEn, MaxDescriptionLength, lines: true))
        {
            Add(FormDefinitionProblemKind.BadText);
        }

        if (form.ProcessingDays is < 1 or > 90)
        {
            Add(FormDefinitionProblemKind.BadProcessingDays);
        }

        if (form.Fields.Count == 0 || form.Fields.Count > MaxFields)
        {
            Add(FormDefinitionProblemKind.FieldCount);
        }

        var dates = form.Fields.Where(f => f.Kind == FormFieldKind.Date).Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in form.Fields)
        {
            if (field.Key is null || !UrlSlug.IsValid(field.Key) || field.Key.StartsWith("nguoi-nop-", StringComparison.Ordinal) || field.Key.StartsWith("bo-sung-", StringComparison.Ordinal))
            {
                Add(FormDefinitionProblemKind.BadFieldKey, field.Key);
            }
            else if (!seen.Add(field.Key))
            {
                Add(FormDefinitionProblemKind.DuplicateFieldKey, field.Key);
            }

            if (string.IsNullOrWhiteSpace(field.LabelVi) || string.IsNullOrWhiteSpace(field.LabelEn)
                || field.LabelVi.Length > MaxLabelLength || field.LabelEn.Length > MaxLabelLength)
            {
                Add(FormDefinitionProblemKind.MissingLabel, field.Key);
            }

            if (!Clean(field.LabelVi, MaxLabelLength) || !Clean(field.LabelEn, MaxLabelLength) || !Clean(field.HelpVi, MaxHelpLength)
                || !Clean(field.HelpEn, MaxHelpLength) || field.Choices.Any(c => !Clean(c.LabelVi, MaxLabelLength) || !Clean(c.LabelEn, MaxLabelLength)))
            {
                Add(FormDefinitionProblemKind.BadText, field.Key);
            }

            if (field.Step is < 1 or > 10)
            {
                Add(FormDefinitionProblemKind.BadStep, field.Key);
            }

            if (field.MaxLength is < 1 or > FormAnswers.DefaultLongTextLength)
            {
                Add(FormDefinitionProblemKind.BadMaxLength, field.Key);
            }

            // Date rules read other answers and today's date: only a date question can carry them, and "not before"
            // must name another date question of the same form, or the journey would compare with nothing.
            if ((field.NotBefore is not null || field.NotInFuture) && field.Kind != FormFieldKind.Date
                || field.NotBefore is { } earlier && (earlier == field.Key || !dates.Contains(earlier)))
            {
                Add(FormDefinitionProblemKind.BadDateRule, field.Key);
            }

            if (!Clean(field.SectionVi, MaxSectionLength) || !Clean(field.SectionEn, MaxSectionLength)
                || string.IsNullOrWhiteSpace(field.SectionVi) && !string.IsNullOrWhiteSpace(field.SectionEn))
            {
                Add(FormDefinitionProblemKind.BadSection, field.Key);
            }

            if (field.Kind == FormFieldKind.Choice
                && (field.Choices.Count < 2 || field.Choices.Select(c => c.Value).Distinct().Count() != field.Choices.Count
                    || field.Choices.Any(c => !UrlSlug.IsValid(c.Value) || string.IsNullOrWhiteSpace(c.LabelVi))))
            {
                Add(FormDefinitionProblemKind.BadChoices, field.Key);
            }
        }

        return problems;
    }

    // Empty text is the other checks' business; here only what is there must pass the one text rule.
    private static bool Clean(string? text, int maxLength, bool lines = false) =>
        CleanText.Check(text, maxLength, lines).Problem is null or CleanTextProblem.Empty;

}

public sealed record FormDefinitionProblem(FormDefinitionProblemKind Kind, string? FieldKey);

public enum FormDefinitionProblemKind
{
    BadSlug,
    BadTitle,
    BadProcessingDays,
    FieldCount,
    BadFieldKey,
    DuplicateFieldKey,
    MissingLabel,
    BadStep,
    BadMaxLength,
    BadChoices,

    /// <summary>"Not before" or "not in the future" on a question that is not a date, or naming no other date question.</summary>
    BadDateRule,

    /// <summary>A page name too long, with refused characters, or in English only.</summary>
    BadSection,

    /// <summary>A title, description, label, help text or choice carries refused characters or is too long.</summary>
    BadText,
}
