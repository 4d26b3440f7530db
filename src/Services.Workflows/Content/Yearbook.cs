using System.Globalization;
using System.Text;
using Services.Workflows.Exams;

namespace Services.Workflows.Content;

/// <summary>One school year's figures of a unit's statistics yearbook.</summary>
public sealed record YearbookFigures(string SchoolYear, int Schools, int Classes, int Teachers, int Pupils, int Classrooms);

/// <summary>
/// The statistics yearbook's school years and its CSV form, the same columns for download and import:
/// <c>nam_hoc, so_truong, so_lop, so_giao_vien, so_hoc_sinh, so_phong_hoc</c> (any order on import). An imported file
/// with any problem yields nothing to write, each problem reported with its line and column.
/// </summary>
public static class Yearbook
{
    /// <summary>The yearbook covers this many school years, the current one and those before it.</summary>
    public const int Years = 5;

    /// <summary>No unit of a city counts more than this of anything (a typing slip is refused, not stored).</summary>
    public const int MaxFigure = 5_000_000;

    public static readonly IReadOnlyList<string> Columns = ["nam_hoc", "so_truong", "so_lop", "so_giao_vien", "so_hoc_sinh", "so_phong_hoc"];

    public sealed record Parsed(IReadOnlyList<YearbookFigures> Rows, IReadOnlyList<ImportProblem> Problems);

    /// <summary>The school year a day falls in: a Vietnamese school year starts in September.</summary>
    public static string SchoolYearOf(DateOnly day) => day.Month >= 9 ? $"{day.Year}-{day.Year + 1}" : $"{day.Year - 1}-{day.Year}";

    /// <summary>The yearbook's school years on <paramref name="today"/>, oldest first, ending with the current one.</summary>
    public static IReadOnlyList<string> YearsOn(DateOnly today)
    {
        var start = int.Parse(SchoolYearOf(today)[..4], CultureInfo.InvariantCulture);
        return [.. Enumerable.Range(start - Years + 1, Years).Select(y => $"{y}-{y + 1}")];
    }

    /// <summary>Reads an imported file, accepting only the school years in <paramref name="years"/>, each once.</summary>
    public static Parsed Read(Stream stream, IReadOnlyCollection<string> years)
    {
        ArgumentNullException.ThrowIfNull(years);
        using var table = ImportTable.Open(stream);
        if (table?.Headers is not { } headers)
        {
            return new Parsed([], [new ImportProblem(1, "", table is null ? ImportProblemReason.UnreadableFile : ImportProblemReason.EmptyFile)]);
        }

        var problems = new List<ImportProblem>();
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < headers.Count; i++)
        {
            if (!index.TryAdd(headers[i].Trim().TrimStart('\uFEFF'), i))
            {
                problems.Add(new ImportProblem(1, headers[i], ImportProblemReason.DuplicateColumn));
            }
        }

        problems.AddRange(Columns.Where(c => !index.ContainsKey(c)).Select(c => new ImportProblem(1, c, ImportProblemReason.MissingColumn)));
        if (problems.Count > 0)
        {
            return new Parsed([], problems);
        }

        var rows = new List<YearbookFigures>();
        while (problems.Count < ExamFile.MaxReportedProblems && table.Next())
        {
            var line = table.Line;
            if (table.FieldCount != headers.Count)
            {
                problems.Add(new ImportProblem(line, "", ImportProblemReason.WrongFieldCount));
                continue;
            }

            var year = table[index["nam_hoc"]].Trim();
            if (!years.Contains(year))
            {
                problems.Add(new ImportProblem(line, "nam_hoc", ImportProblemReason.InvalidDate));
            }
            else if (rows.Any(r => r.SchoolYear == year))
            {
                problems.Add(new ImportProblem(line, "nam_hoc", ImportProblemReason.DuplicateNumber));
            }

            var figures = Columns.Skip(1).Select(c => (Column: c, Value: Figure(table[index[c]]))).ToList();
            problems.AddRange(figures.Where(f => f.Value is null).Select(f => new ImportProblem(line, f.Column, ImportProblemReason.InvalidNumber)));
            if (figures.All(f => f.Value is not null))
            {
                rows.Add(new YearbookFigures(year, figures[0].Value!.Value, figures[1].Value!.Value, figures[2].Value!.Value, figures[3].Value!.Value, figures[4].Value!.Value));
            }
        }

        return problems.Count > 0 ? new Parsed([], problems) : new Parsed(rows, []);
    }

    /// <summary>A figure as typed or imported: a whole number from 0 to <see cref="MaxFigure"/>; null otherwise.</summary>
    public static int? Figure(string? text) =>
        int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= MaxFigure ? value : null;

    /// <summary>The yearbook as CSV (UTF-8 text, oldest year first); every cell is a year or a number, so none needs quoting.</summary>
    public static string ToCsv(IEnumerable<YearbookFigures> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var csv = new StringBuilder().AppendJoin(',', Columns).Append('\n');
        foreach (var r in rows)
        {
            csv.AppendJoin(',', r.SchoolYear, Number(r.Schools), Number(r.Classes), Number(r.Teachers), Number(r.Pupils), Number(r.Classrooms)).Append('\n');
        }

        return csv.ToString();
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
