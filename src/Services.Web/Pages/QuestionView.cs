using Microsoft.Extensions.Localization;
using Services.Data.Dossiers;
using Services.Web.Localization;
using Services.Workflows.Forms;

namespace Services.Web.Pages;

/// <summary>One question as the <c>_Question</c> partial renders it; its input is named <see cref="FieldPrefix"/> + key.</summary>
public sealed record QuestionView(FormField Field, string? Value, string? Error, bool English)
{
    public const string FieldPrefix = "a.";

    public string Id => $"q-{Field.Key}";

    /// <summary>The sentence for a refused answer: the question's label, its limit, and the label of the question it was compared with.</summary>
    public static string Message(IStringLocalizer<SharedResource> t, FormError error, IEnumerable<FormField> questions, bool english)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(error);
        var all = questions.ToList();
        string Label(string key) => all.FirstOrDefault(q => q.Key == key)?.Label(english) ?? key;
        return t[$"Form.Error.{error.Kind}", Label(error.FieldKey), error.Limit, error.Other is null ? "" : Label(error.Other)];
    }
    public string Name => FieldPrefix + Field.Key;
    public string? DescribedBy => string.Join(' ', new[] { Field.Help(English) is null ? null : $"{Id}-help", Error is null ? null : $"{Id}-error" }.Where(s => s is not null)) is { Length: > 0 } ids ? ids : null;
}
