using System.Globalization;
using Services.Data.Consultations;
using Services.Web.Pages.Account;
using Services.Workflows.Forms;
using Services.Workflows.Runtime;

namespace Services.Web.Pages.Consultations;

/// <summary>
/// The notice as the unit's form gives it, checked: the issues one per line, the draft's sections each starting with a
/// line "# heading", times as Vietnam's local date-time. Problems are resource keys, shown in the visitor's language.
/// </summary>
public sealed class ConsultationNotice
{
    public string? Title { get; set; }
    public string? Issues { get; set; }
    public string? Sections { get; set; }
    public string? Address { get; set; }
    public string? Email { get; set; }
    public string? OpensAt { get; set; }
    public string? ClosesAt { get; set; }
    public ModerationMode Moderation { get; set; } = ModerationMode.AfterPublication;
    public int HideAfterReports { get; set; } = 3;

    public Consultation? Check(Guid unitId, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var (title, titleProblem) = CleanText.Check(Title, 300, allowLineBreaks: false);
        if (titleProblem is not null)
        {
            problems.Add("Consultations.Problem.Title");
        }

        var issues = Lines(Issues).ToList();
        if (issues.Count == 0 || issues.Any(i => i.Length > 500))
        {
            problems.Add("Consultations.Problem.Issues");
        }

        var sections = SectionsOf(Sections);
        if (sections is null)
        {
            problems.Add("Consultations.Problem.Sections");
        }

        var (address, addressProblem) = CleanText.Check(Address, 500, allowLineBreaks: false);
        if (addressProblem is not null)
        {
            problems.Add("Consultations.Problem.Address");
        }

        var email = InputRules.Clean(Email) ?? "";
        if (InputRules.Email("email", Email).Any())
        {
            problems.Add("Consultations.Problem.Email");
        }

        var opens = LocalTime(OpensAt);
        var closes = LocalTime(ClosesAt);
        if (opens is null || closes is null || closes <= opens)
        {
            problems.Add("Consultations.Problem.Dates");
        }

        if (!Enum.IsDefined(Moderation) || HideAfterReports is < 0 or > 100)
        {
            problems.Add("Consultations.Problem.Moderation");
        }

        return problems.Count > 0 ? null : new Consultation
        {
            UnitId = unitId, Title = title, Issues = issues, Sections = sections!, ReceivingAddress = address, ReceivingEmail = email,
            OpensAt = opens!.Value, ClosesAt = closes!.Value, Moderation = Moderation, HideAfterReports = HideAfterReports,
        };
    }

    private static IEnumerable<string> Lines(string? text) =>
        CleanText.IsClean(text ?? "", allowLineBreaks: true)
            ? CleanText.Normalize(text).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)
            : [];

    /// <summary>Sections, each opened by "# heading"; null when there is none, text stands before the first, or a part is too long.</summary>
    private static List<ConsultationSection>? SectionsOf(string? text)
    {
        if (!CleanText.IsClean(text ?? "", allowLineBreaks: true) || (text?.Length ?? 0) > 100_000)
        {
            return null;
        }

        var sections = new List<ConsultationSection>();
        foreach (var raw in CleanText.Normalize(text).Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith('#'))
            {
                sections.Add(new ConsultationSection { Heading = line.TrimStart('#').Trim() });
            }
            else if (sections.Count == 0)
            {
                if (line.Trim().Length > 0)
                {
                    return null;
                }
            }
            else
            {
                sections[^1].Body = sections[^1].Body.Length == 0 ? line : sections[^1].Body + "\n" + line;
            }
        }

        foreach (var s in sections)
        {
            s.Body = s.Body.Trim();
        }

        return sections.Count == 0 || sections.Any(s => s.Heading.Length is 0 or > 300 || s.Body.Length is 0 or > 20_000) ? null : sections;
    }

    /// <summary>A form's "yyyy-MM-ddTHH:mm" read as Vietnam's time (never the server's zone).</summary>
    public static DateTimeOffset? LocalTime(string? value) =>
        DateTime.TryParseExact(value, ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new DateTimeOffset(local, WorkingCalendar.VietnamOffset)
            : null;
}
