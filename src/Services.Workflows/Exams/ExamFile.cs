using System.Globalization;

namespace Services.Workflows.Exams;

/// <summary>One checked candidate line of an exam file.</summary>
public sealed record CandidateLine(string Number, string FullName, DateOnly DateOfBirth, string School, string Room, Dictionary<string, decimal> Scores);

/// <summary>
/// Reads an exam's CSV file (comma or semicolon, UTF-8) or Excel workbook (.xlsx, first sheet; line = row): the columns <c>so_bao_danh, ho_ten, ngay_sinh, truong,
/// phong_thi</c> in any order, then one column per subject headed by the subject's name. Every cell is checked and
/// every problem is reported with its line and column; a file with any problem yields no lines to write.
/// </summary>
public static class ExamFile
{
    public const string NumberColumn = "so_bao_danh";
    public const string NameColumn = "ho_ten";
    public const string DateOfBirthColumn = "ngay_sinh";
    public const string SchoolColumn = "truong";
    public const string RoomColumn = "phong_thi";
    private static readonly string[] FixedColumns = [NumberColumn, NameColumn, DateOfBirthColumn, SchoolColumn, RoomColumn];
    private static readonly string[] DateFormats = ["dd/MM/yyyy", "d/M/yyyy", "yyyy-MM-dd"];

    /// <summary>Above this many problems the rest of the file is still read, but only counted: the report stays readable.</summary>
    public const int MaxReportedProblems = 1000;

    public sealed record Parsed(IReadOnlyList<string> Subjects, IReadOnlyList<CandidateLine> Lines, IReadOnlyList<ImportProblem> Problems, int ProblemCount);

    /// <param name="progress">Receives the share of the file read so far, 0–1, when the stream knows its length.</param>
    public static Parsed Read(Stream stream, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var problems = new List<ImportProblem>();
        var problemCount = 0;
        void Problem(int line, string column, ImportProblemReason reason)
        {
            problemCount++;
            if (problems.Count < MaxReportedProblems)
            {
                problems.Add(new ImportProblem(line, column, reason));
            }
        }

        using var table = ImportTable.Open(stream);
        if (table is null)
        {
            return new Parsed([], [], [new ImportProblem(1, "", ImportProblemReason.UnreadableFile)], 1);
        }

        if (table.Headers is null)
        {
            return new Parsed([], [], [new ImportProblem(1, "", ImportProblemReason.EmptyFile)], 1);
        }

        var header = table.Headers.Select(h => h.Trim()).ToArray();
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Length; i++)
        {
            if (!index.TryAdd(header[i], i) || header[i].Length == 0)
            {
                Problem(1, header[i], header[i].Length == 0 ? ImportProblemReason.Required : ImportProblemReason.DuplicateColumn);
            }
        }

        foreach (var column in FixedColumns.Where(c => !index.ContainsKey(c)))
        {
            Problem(1, column, ImportProblemReason.MissingColumn);
        }

        var subjects = header.Where(h => h.Length > 0 && !FixedColumns.Contains(h, StringComparer.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        foreach (var subject in subjects.Where(s => s.Length > 100))
        {
            Problem(1, subject, ImportProblemReason.TooLong);
        }

        if (problemCount > 0)
        {
            return new Parsed(subjects, [], problems, problemCount);
        }

        var lines = new List<CandidateLine>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        while (table.Next())
        {
            var line = table.Line;
            var record = new string[table.FieldCount];
            for (var i = 0; i < record.Length; i++)
            {
                record[i] = table[i];
            }

            if (record.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            if (record.Length != header.Length)
            {
                Problem(line, "", ImportProblemReason.WrongFieldCount);
                continue;
            }

            var before = problemCount;
            string Cell(string column) => record[index[column]].Trim();
            string? Text(string column, int maxLength)
            {
                var value = Cell(column);
                if (value.Length == 0)
                {
                    Problem(line, column, ImportProblemReason.Required);
                    return null;
                }

                if (value.Length > maxLength)
                {
                    Problem(line, column, ImportProblemReason.TooLong);
                    return null;
                }

                if (value.Any(char.IsControl))
                {
                    Problem(line, column, ImportProblemReason.InvalidCharacters);
                    return null;
                }

                return value;
            }

            var number = CandidateNumber.Normalize(Cell(NumberColumn));
            if (number is null)
            {
                Problem(line, NumberColumn, Cell(NumberColumn).Length == 0 ? ImportProblemReason.Required : ImportProblemReason.InvalidNumber);
            }
            else if (seen.TryGetValue(number, out _))
            {
                Problem(line, NumberColumn, ImportProblemReason.DuplicateNumber);
            }
            else
            {
                seen[number] = line;
            }

            var name = Text(NameColumn, 200);
            var school = Text(SchoolColumn, 300);
            var room = Text(RoomColumn, 50);
            DateOnly dateOfBirth = default;
            if (!DateOnly.TryParseExact(Cell(DateOfBirthColumn), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out dateOfBirth)
                || dateOfBirth.Year < 1900)
            {
                Problem(line, DateOfBirthColumn, Cell(DateOfBirthColumn).Length == 0 ? ImportProblemReason.Required : ImportProblemReason.InvalidDate);
            }

            var scores = new Dictionary<string, decimal>(StringComparer.Ordinal);
            foreach (var subject in subjects)
            {
                var cell = Cell(subject);
                if (cell.Length == 0)
                {
                    continue; // the candidate did not sit this subject
                }

                if (Score.TryParse(cell) is { } score)
                {
                    scores[subject] = score;
                }
                else
                {
                    Problem(line, subject, ImportProblemReason.InvalidScore);
                }
            }

            if (problemCount == before)
            {
                lines.Add(new CandidateLine(number!, name!, dateOfBirth, school!, room!, scores));
            }

            if (line % 5000 == 0)
            {
                progress?.Report(table.Share);
            }
        }

        progress?.Report(1);
        return problemCount > 0 ? new Parsed(subjects, [], problems, problemCount) : new Parsed(subjects, lines, [], 0);
    }
}
