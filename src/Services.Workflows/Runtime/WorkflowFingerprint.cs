using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Services.Workflows.Runtime;

/// <summary>
/// A version's shape as a SHA-256: every step's name and kind, its transitions, assignment (role, unit rule, working
/// days, reminder), due rule, timer event, end status, collected events, branches and join. Titles and notification
/// texts are left out (they may be reworded); an automated step's code cannot be hashed, only its transitions.
/// </summary>
public static class WorkflowFingerprint
{
    public static string Of(WorkflowBlueprint blueprint)
    {
        ArgumentNullException.ThrowIfNull(blueprint);
        var text = new StringBuilder();
        foreach (var step in blueprint.Steps)
        {
            Describe(text, step, "");
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static void Describe(StringBuilder text, StepDefinition step, string indent)
    {
        var invariant = CultureInfo.InvariantCulture;
        text.Append(invariant, $"{indent}step {step.Name} {step.Kind} end={step.EndStatus} timer={step.TimerEvent} due={Rule(step.Due)}\n");
        if (step.Assignment is { } a)
        {
            text.Append(invariant, $"{indent}  assign {a.Role} {Rule(a.Unit)} {a.WorkingDays} {a.ReminderWorkingDaysBefore} {a.WorkingDaysKey}\n");
        }

        foreach (var transition in step.Transitions)
        {
            text.Append(invariant, $"{indent}  on {transition.Event} -> {transition.Target}\n");
        }

        foreach (var (eventName, key) in step.Collects.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            text.Append(invariant, $"{indent}  collect {eventName} -> {key}\n");
        }

        if (step.Child is { } child)
        {
            text.Append(invariant, $"{indent}  child {child.DefinitionName} {Rule(child.Unit)}\n");
        }

        if (step.Join is { } join)
        {
            text.Append(invariant, $"{indent}  join {Rule(join)} distinct={step.DistinctDeciders}\n");
        }

        foreach (var branch in step.Branches)
        {
            Describe(text, branch, indent + "    ");
        }
    }

    /// <summary>A rule record's members, formatted without the current culture (a decimal tolerance would read 0,5 in Vietnamese).</summary>
    private static string Rule(object? rule)
    {
        if (rule is null)
        {
            return "-";
        }

        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            return rule.ToString() ?? "-";
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }
}
