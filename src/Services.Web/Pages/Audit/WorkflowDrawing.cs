using System.Globalization;
using Services.Workflows.Runtime;

namespace Services.Web.Pages.Audit;

/// <summary>
/// A workflow drawn as an SVG on the server (no script, so the page's CSP stays strict — ADR 0021): the steps one
/// under the other in the definition's order, an arrow to the next step straight down, every other transition in its
/// own lane on the right; the steps visited, the current step and the transitions taken stand out.
/// </summary>
public sealed class WorkflowDrawing
{
    public const int BoxWidth = 280;
    public const int BoxHeight = 44;
    private const int Pitch = 72;
    private const int Margin = 12;
    private const int LaneGap = 12;
    private const int MaxLabel = 36;

    private WorkflowDrawing(IReadOnlyList<DrawnStep> steps, IReadOnlyList<DrawnEdge> edges, int width, int height)
    {
        Steps = steps;
        Edges = edges;
        Width = width;
        Height = height;
    }

    public IReadOnlyList<DrawnStep> Steps { get; }
    public IReadOnlyList<DrawnEdge> Edges { get; }
    public int Width { get; }
    public int Height { get; }

    /// <param name="label">The step's name as people read it.</param>
    /// <param name="path">The steps the instance went through, in order; its last is the current step.</param>
    public static WorkflowDrawing Of(WorkflowBlueprint blueprint, IReadOnlyList<string> path, Func<string, string> label)
    {
        ArgumentNullException.ThrowIfNull(blueprint);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(label);
        var row = blueprint.Steps.Select((s, i) => (s.Name, i)).ToDictionary(x => x.Name, x => x.i);
        var current = path.Count == 0 ? null : path[^1];
        var taken = path.Zip(path.Skip(1)).ToHashSet();
        var steps = blueprint.Steps.Select((step, i) =>
        {
            var state = step.Name == current ? StepState.Current : path.Contains(step.Name) ? StepState.Visited : StepState.NotReached;
            var text = label(step.Name);
            return new DrawnStep(step.Name, Margin, Margin + (i * Pitch), text.Length > MaxLabel ? text[..(MaxLabel - 1)] + "…" : text, text, state);
        }).ToList();

        var edges = new List<DrawnEdge>();
        var lanes = 0;
        foreach (var (step, from) in blueprint.Steps.Select((s, i) => (s, i)))
        {
            foreach (var transition in step.Transitions.Where(t => row.ContainsKey(t.Target)).DistinctBy(t => t.Target))
            {
                var to = row[transition.Target];
                var isTaken = taken.Contains((step.Name, transition.Target));
                string d;
                if (to == from + 1)
                {
                    var x = Margin + (BoxWidth / 2);
                    d = $"M{x} {steps[from].Y + BoxHeight} V{steps[to].Y - 2}";
                }
                else
                {
                    lanes++;
                    var laneX = Margin + BoxWidth + (lanes * LaneGap);
                    var fromY = steps[from].Y + (BoxHeight / 2) - 6;
                    var toY = steps[to].Y + (BoxHeight / 2) + 6;
                    d = $"M{Margin + BoxWidth} {fromY} H{laneX} V{toY} H{Margin + BoxWidth + 2}";
                }

                edges.Add(new DrawnEdge(d, isTaken));
            }
        }

        var width = Margin + BoxWidth + ((lanes + 1) * LaneGap) + Margin;
        var height = Margin + (Math.Max(1, steps.Count) * Pitch) - (Pitch - BoxHeight) + Margin;
        return new WorkflowDrawing(steps, [.. edges.OrderBy(e => e.Taken)], width, height);
    }

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}

public enum StepState
{
    NotReached,
    Visited,
    Current,
}

/// <param name="Label">What fits in the box; <paramref name="FullLabel"/> is in the box's title and the text list.</param>
public sealed record DrawnStep(string Name, int X, int Y, string Label, string FullLabel, StepState State);

/// <param name="Path">SVG path data, ending at the target's edge (the arrowhead marker sits there).</param>
public sealed record DrawnEdge(string Path, bool Taken);
