using Services.Data.Dossiers;

namespace Services.Web.Pages;

/// <summary>One question as the <c>_Question</c> partial renders it; its input is named <see cref="FieldPrefix"/> + key.</summary>
public sealed record QuestionView(FormField Field, string? Value, string? Error, bool English)
{
    public const string FieldPrefix = "a.";

    public string Id => $"q-{Field.Key}";
    public string Name => FieldPrefix + Field.Key;
    public string? DescribedBy => string.Join(' ', new[] { Field.Help(English) is null ? null : $"{Id}-help", Error is null ? null : $"{Id}-error" }.Where(s => s is not null)) is { Length: > 0 } ids ? ids : null;
}
