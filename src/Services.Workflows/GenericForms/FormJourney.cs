using Services.Data.Dossiers;
using Services.Data.GenericForms;
using Services.Workflows.Dossiers;
using Services.Workflows.Forms;

namespace Services.Workflows.GenericForms;

/// <summary>
/// The pages a citizen goes through for one form: first who is applying (the same for every service, so lookups by
/// tracking code + date of birth or phone work everywhere), then the form's own steps in order.
/// </summary>
public sealed class FormJourney
{
    public const string ApplicantName = Applicant.NameKey;
    public const string ApplicantDateOfBirth = Applicant.DateOfBirthKey;
    public const string ApplicantPhone = Applicant.PhoneKey;
    public const string ApplicantEmail = Applicant.EmailKey;

    private static readonly IReadOnlyList<FormField> ApplicantFields = Applicant.Questions();

    private readonly List<IReadOnlyList<FormField>> _steps;

    public FormJourney(OnlineForm form)
    {
        Form = form;
        _steps = [ApplicantFields, .. form.Fields.GroupBy(f => f.Step).OrderBy(g => g.Key).Select(g => (IReadOnlyList<FormField>)g.ToList())];
    }

    public OnlineForm Form { get; }

    /// <summary>Number of question pages (the check-your-answers page comes after them).</summary>
    public int StepCount => _steps.Count;

    public IReadOnlyList<FormField> FieldsOf(int step) => _steps[step - 1];

    public IEnumerable<FormField> AllFields => _steps.SelectMany(s => s);

    /// <summary>
    /// The name of a page of the form's own questions: the section its first question opens, or "declaration" for a
    /// page of tick boxes only; null when the form does not name it (the page is then called by its number).
    /// </summary>
    public StepName? NameOf(int step)
    {
        var fields = FieldsOf(step);
        if (fields.FirstOrDefault(f => !string.IsNullOrWhiteSpace(f.SectionVi)) is { } opening)
        {
            return new StepName(opening.SectionVi!, opening.SectionEn ?? opening.SectionVi!);
        }

        return fields.All(f => f.Kind == FormFieldKind.Checkbox) ? new StepName("Cam đoan", "Declaration") : null;
    }

    /// <summary>Who applies, from the answers of the first page (complete once <see cref="FirstIncompleteStep"/> is null).</summary>
    public static Applicant ApplicantOf(IReadOnlyDictionary<string, string> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var email = data.GetValueOrDefault(ApplicantEmail);
        var phone = data.GetValueOrDefault(ApplicantPhone);
        return new Applicant(data[ApplicantName], Applicant.ParseDate(data[ApplicantDateOfBirth]), string.IsNullOrEmpty(phone) ? null : phone,
            string.IsNullOrEmpty(email) ? null : email);
    }

    /// <summary>The first step with a missing or no longer valid answer (as of <paramref name="today"/>), or null when every step is complete.</summary>
    public int? FirstIncompleteStep(IReadOnlyDictionary<string, string> data, DateOnly today)
    {
        for (var step = 1; step <= StepCount; step++)
        {
            var raw = FieldsOf(step).ToDictionary(f => f.Key, f => data.GetValueOrDefault(f.Key));
            var missingFile = FieldsOf(step).Any(f => f.Kind == FormFieldKind.File && f.Required && DossierFile.Parse(data.GetValueOrDefault(f.Key)) is null);
            if (missingFile || !FormAnswers.Check(FieldsOf(step), raw, today, data).IsValid)
            {
                return step;
            }
        }

        return null;
    }
}

/// <summary>A page's name in both languages.</summary>
public sealed record StepName(string Vi, string En)
{
    public string In(bool english) => english ? En : Vi;
}
