namespace Services.Web.Pages;

/// <summary>
/// A chart drawn by Chart.js in the browser from figures the server writes as JSON beside it, always with the same
/// figures in a table: the table is what screen readers, printers and browsers without script read.
/// Render it with the <c>_Chart</c> partial; the layouts load Chart.js only on pages that draw one.
/// </summary>
/// <param name="Id">A unique id on the page (letters, digits and dashes).</param>
/// <param name="Title">The chart's caption, also the canvas's accessible name.</param>
/// <param name="Kind">"bar" or "line".</param>
/// <param name="Labels">The categories along the horizontal axis (also the table's first column).</param>
/// <param name="Series">Each series' name and one value per label.</param>
/// <param name="LabelHeader">The heading of the table's first column.</param>
public sealed record ChartView(
    string Id, string Title, string Kind, IReadOnlyList<string> Labels, IReadOnlyList<ChartSeries> Series, string LabelHeader)
{
    /// <summary>Set on the request by the partial; the layouts then include Chart.js and <c>charts.js</c>.</summary>
    public const string ScriptsKey = "portal.charts";
}

/// <summary>One series of a <see cref="ChartView"/>.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<decimal> Values);
