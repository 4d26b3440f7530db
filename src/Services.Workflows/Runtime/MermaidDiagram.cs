using System.Text;

namespace Services.Workflows.Runtime;

/// <summary>
/// A definition as a mermaid flowchart; with an instance's path (its steps in order, from the journal) the visited
/// steps, the edges taken and the current step are highlighted.
/// </summary>
public static class MermaidDiagram
{
    public static string Render(WorkflowBlueprint blueprint, IReadOnlyList<string>? path = null)
    {
        ArgumentNullException.ThrowIfNull(blueprint);
        var sb = new StringBuilder();
        sb.Append("flowchart TD\n");
        foreach (var step in blueprint.Steps)
        {
            sb.Append("    ").Append(Node(step)).Append('\n');
        }

        var edges = new List<(string From, string To)>();
        foreach (var step in blueprint.Steps)
        {
            foreach (var transition in step.Transitions)
            {
                sb.Append("    ").Append(Id(step.Name)).Append(" -->|").Append(Escape(transition.Event)).Append("| ").Append(Id(transition.Target)).Append('\n');
                edges.Add((step.Name, transition.Target));
            }
        }

        if (path is { Count: > 0 })
        {
            sb.Append("    classDef visited fill:#d1e7dd,stroke:#0f5132,color:#0f5132\n");
            sb.Append("    classDef current fill:#fff3cd,stroke:#664d03,stroke-width:3px,color:#664d03\n");
            var visited = path.Take(path.Count - 1).Where(blueprint.HasStep).Distinct().Where(s => s != path[^1]).ToList();
            if (visited.Count > 0)
            {
                sb.Append("    class ").Append(string.Join(',', visited.Select(Id))).Append(" visited\n");
            }

            if (blueprint.HasStep(path[^1]))
            {
                sb.Append("    class ").Append(Id(path[^1])).Append(" current\n");
            }

            var taken = path.Zip(path.Skip(1)).ToHashSet();
            var indexes = edges.Select((edge, index) => (edge, index)).Where(e => taken.Contains(e.edge)).Select(e => e.index).ToList();
            if (indexes.Count > 0)
            {
                sb.Append("    linkStyle ").Append(string.Join(',', indexes)).Append(" stroke:#0f5132,stroke-width:3px\n");
            }
        }

        return sb.ToString();
    }

    /// <summary>Mermaid ids must be plain identifiers; step names may hold dashes or dots.</summary>
    public static string Id(string step)
    {
        var sb = new StringBuilder("s_", step.Length + 2);
        foreach (var c in step)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }

        return sb.ToString();
    }

    private static string Node(StepDefinition step)
    {
        var label = step.Assignment is { } a
            ? $"{Escape(step.Title)}<br/>{a.Role} · {a.WorkingDays} ngày làm việc"
            : Escape(step.Title);
        var id = Id(step.Name);
        return step.Kind switch
        {
            StepKind.Human => $"{id}[\"{label}\"]",
            StepKind.Automated => $"{id}[[\"{label}\"]]",
            StepKind.Timer => $"{id}{{{{\"{label}\"}}}}",
            StepKind.Wait => $"{id}[/\"{label}\"/]",
            StepKind.Parallel => $"{id}[\"{label}<br/>‖ {Escape(string.Join(" · ", step.Branches.Select(b => b.Title)))}\"]",
            StepKind.Child => $"{id}[[\"{label}<br/>↳ {Escape(step.Child!.DefinitionName)}\"]]",
            _ => $"{id}([\"{label}\"])",
        };
    }

    private static string Escape(string text) =>
        text.Replace("\"", "#quot;", StringComparison.Ordinal).Replace("|", "#124;", StringComparison.Ordinal)
            .Replace("<", "#lt;", StringComparison.Ordinal).Replace(">", "#gt;", StringComparison.Ordinal);
}
