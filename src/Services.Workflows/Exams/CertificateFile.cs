using System.Globalization;

namespace Services.Workflows.Exams;

/// <summary>One checked line of a certificate registry file.</summary>
public sealed record CertificateLine(string Serial, string RegisterNumber, string HolderName, DateOnly DateOfBirth, string Type, string Classification,
    int Year, DateOnly IssuedOn, string Signer);

/// <summary>
/// Reads a unit's certificate registry as CSV or Excel (.xlsx, first sheet; line = row): <c>so_hieu, so_vao_so, ho_ten, ngay_sinh, loai, xep_loai, nam,
/// ngay_cap, nguoi_ky</c>, any order. Like <see cref="ExamFile"/>, every problem is reported with its line and column
/// and a file with any problem yields nothing to write.
/// </summary>
public static class CertificateFile
{
    private static readonly (string Name, int MaxLength)[] Columns =
        [("so_hieu", 30), ("so_vao_so", 30), ("ho_ten", 200), ("ngay_sinh", 10), ("loai", 200), ("xep_loai", 100), ("nam", 4), ("ngay_cap", 10), ("nguoi_ky", 200)];

    private static readonly string[] DateFormats = ["dd/MM/yyyy", "d/M/yyyy", "yyyy-MM-dd"];

    public sealed record Parsed(IReadOnlyList<CertificateLine> Lines, IReadOnlyList<ImportProblem> Problems);

    public static Parsed Read(Stream stream)
    {
        var problems = new List<ImportProblem>();
        using var table = ImportTable.Open(stream);
        if (table?.Headers is not { } headers)
        {
            return new Parsed([], [new ImportProblem(1, "", table is null ? ImportProblemReason.UnreadableFile : ImportProblemReason.EmptyFile)]);
        }

        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < headers.Count; i++)
        {
            if (!index.TryAdd(headers[i].Trim(), i))
            {
                problems.Add(new ImportProblem(1, headers[i], ImportProblemReason.DuplicateColumn));
            }
        }

        problems.AddRange(Columns.Where(c => !index.ContainsKey(c.Name)).Select(c => new ImportProblem(1, c.Name, ImportProblemReason.MissingColumn)));
        if (problems.Count > 0)
        {
            return new Parsed([], problems);
        }

        var lines = new List<CertificateLine>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (problems.Count < ExamFile.MaxReportedProblems && table.Next())
        {
            var line = table.Line;
            if (table.FieldCount != headers.Count)
            {
                problems.Add(new ImportProblem(line, "", ImportProblemReason.WrongFieldCount));
                continue;
            }

            var before = problems.Count;
            var cells = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, maxLength) in Columns)
            {
                var value = table[index[name]].Trim();
                var reason = value.Length == 0 ? ImportProblemReason.Required
                    : value.Length > maxLength ? ImportProblemReason.TooLong
                    : value.Any(char.IsControl) ? ImportProblemReason.InvalidCharacters
                    : (ImportProblemReason?)null;
                if (reason is { } r)
                {
                    problems.Add(new ImportProblem(line, name, r));
                }

                cells[name] = value;
            }

            var serial = cells["so_hieu"].ToUpperInvariant();
            if (serial.Length > 0 && !seen.Add(serial))
            {
                problems.Add(new ImportProblem(line, "so_hieu", ImportProblemReason.DuplicateNumber));
            }

            var dob = Date(cells["ngay_sinh"], line, "ngay_sinh", problems);
            var issued = Date(cells["ngay_cap"], line, "ngay_cap", problems);
            if (!int.TryParse(cells["nam"], NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 1950 or > 2100)
            {
                if (cells["nam"].Length > 0)
                {
                    problems.Add(new ImportProblem(line, "nam", ImportProblemReason.InvalidNumber));
                }
            }

            if (problems.Count == before)
            {
                lines.Add(new CertificateLine(serial, cells["so_vao_so"], cells["ho_ten"], dob, cells["loai"], cells["xep_loai"], year, issued, cells["nguoi_ky"]));
            }
        }

        return problems.Count > 0 ? new Parsed([], problems) : new Parsed(lines, []);
    }

    private static DateOnly Date(string text, int line, string column, List<ImportProblem> problems)
    {
        if (DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date.Year >= 1900)
        {
            return date;
        }

        if (text.Length > 0)
        {
            problems.Add(new ImportProblem(line, column, ImportProblemReason.InvalidDate));
        }

        return default;
    }
}
