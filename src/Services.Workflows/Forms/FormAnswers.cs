using System.Globalization;
using Services.Data.Dossiers;

namespace Services.Workflows.Forms;

/// <summary>
/// Checks and cleans a citizen's answers to a service's questions: NFC-normalised, trimmed, within length,
/// of the right kind, by the one rule of <see cref="CleanText"/>. Text is kept as typed (a <c>&lt;script&gt;</c> is stored
/// as text and always rendered encoded); nothing invalid is ever stored.
/// </summary>
public static class FormAnswers
{
    public const int DefaultTextLength = 200;
    public const int DefaultLongTextLength = 4000;
    private static readonly DateOnly EarliestDate = new(1900, 1, 1);
    private static readonly DateOnly LatestDate = new(2100, 12, 31);

    /// <summary>
    /// Validates the answers to <paramref name="fields"/>; returns the cleaned values and the problems found.
    /// <paramref name="today"/> (the portal's clock, Vietnam date) bounds dates that must not be in the future;
    /// <paramref name="earlier"/> holds answers given on other pages, for dates compared with them.
    /// </summary>
    public static FormCheck Check(IEnumerable<FormField> fields, IReadOnlyDictionary<string, string?> raw, DateOnly today,
        IReadOnlyDictionary<string, string>? earlier = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<FormError>();
        var asked = fields.ToList();
        foreach (var field in asked)
        {
            if (field.Kind == FormFieldKind.File)
            {
                continue; // files go through the attachment store, which checks them by content
            }

            raw.TryGetValue(field.Key, out var input);
            var (value, error) = CheckOne(field, input);
            if (error is not null)
            {
                errors.Add(error);
            }
            else if (value is not null)
            {
                values[field.Key] = value;
            }
        }

        foreach (var field in asked.Where(f => f.Kind == FormFieldKind.Date && values.ContainsKey(f.Key)))
        {
            var date = DateOnly.ParseExact(values[field.Key], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (field.NotInFuture && date > today)
            {
                errors.Add(new FormError(field.Key, FormErrorKind.DateInFuture));
                values.Remove(field.Key);
            }
            else if (field.NotBefore is { } otherKey
                     && (values.GetValueOrDefault(otherKey) ?? earlier?.GetValueOrDefault(otherKey)) is { } other
                     && DateOnly.TryParseExact(other, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
                     && date < start)
            {
                errors.Add(new FormError(field.Key, FormErrorKind.DateBeforeOther, Other: otherKey));
                values.Remove(field.Key);
            }
        }

        return new FormCheck(values, errors);
    }

    private static (string? Value, FormError? Error) CheckOne(FormField field, string? input)
    {
        if (field.Kind == FormFieldKind.Checkbox)
        {
            var ticked = input is "true" or "on";
            return field.Required && !ticked ? (null, new FormError(field.Key, FormErrorKind.Required)) : (ticked ? "true" : "false", null);
        }

        var limit = field.MaxLength ?? (field.Kind == FormFieldKind.LongText ? DefaultLongTextLength : DefaultTextLength);
        var (value, problem) = CleanText.Check(input, limit, allowLineBreaks: field.Kind == FormFieldKind.LongText);
        switch (problem)
        {
            case CleanTextProblem.InvalidCharacters:
                return (null, new FormError(field.Key, FormErrorKind.InvalidCharacters));
            case CleanTextProblem.Empty:
                return field.Required ? (null, new FormError(field.Key, FormErrorKind.Required)) : (null, null);
            case CleanTextProblem.TooLong:
                return (null, new FormError(field.Key, FormErrorKind.TooLong, limit));
        }

        return field.Kind switch
        {
            FormFieldKind.Number => decimal.TryParse(value.Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var number)
                ? (number.ToString(CultureInfo.InvariantCulture), null)
                : (null, new FormError(field.Key, FormErrorKind.NotANumber)),
            FormFieldKind.Date => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                                  && date >= EarliestDate && date <= LatestDate
                ? (date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null)
                : (null, new FormError(field.Key, FormErrorKind.NotADate)),
            FormFieldKind.Phone => ContactFormats.Phone(value) is { } phone
                ? (phone, null)
                : (null, new FormError(field.Key, FormErrorKind.NotAPhone)),
            FormFieldKind.Email => ContactFormats.IsEmail(value)
                ? (value, null)
                : (null, new FormError(field.Key, FormErrorKind.NotAnEmail)),
            FormFieldKind.Choice => field.Choices.Any(c => c.Value == value)
                ? (value, null)
                : (null, new FormError(field.Key, FormErrorKind.NotAChoice)),
            _ => (value, null),
        };
    }

}

public sealed record FormCheck(IReadOnlyDictionary<string, string> Values, IReadOnlyList<FormError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// A problem with one answer; the page turns <see cref="Kind"/> into a Vietnamese or English sentence.
/// <see cref="Other"/> is the key of the question it was compared with, if any.
/// </summary>
public sealed record FormError(string FieldKey, FormErrorKind Kind, int Limit = 0, string? Other = null);

public enum FormErrorKind
{
    Required,
    TooLong,
    InvalidCharacters,
    NotANumber,
    NotADate,
    NotAChoice,
    NotAPhone,
    NotAnEmail,
    DateInFuture,
    DateBeforeOther,
}
