using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Exams;

namespace Services.Workflows.Exams;

/// <summary>An exam as staff see it, with how many candidates it holds.</summary>
public sealed record ExamSummary(Exam Exam, int Candidates);

/// <summary>Staff's side of exams: create them, set their publication time, count and export their candidates.</summary>
public sealed class ExamRegistry(PortalDbContext db, TimeProvider clock, AnnouncedExamsCache announced)
{
    public async Task<IReadOnlyList<ExamSummary>> OfUnitAsync(Guid unitId, CancellationToken ct) =>
        await db.Exams.AsNoTracking().Where(e => e.UnitId == unitId).OrderByDescending(e => e.Year).ThenBy(e => e.Name)
            .Select(e => new ExamSummary(e, db.ExamCandidates.Count(c => c.ExamId == e.Id)))
            .ToListAsync(ct);

    /// <summary>The exam, only within its own unit.</summary>
    public async Task<ExamSummary?> FindAsync(Guid unitId, Guid examId, CancellationToken ct) =>
        await db.Exams.AsNoTracking().Where(e => e.Id == examId && e.UnitId == unitId)
            .Select(e => new ExamSummary(e, db.ExamCandidates.Count(c => c.ExamId == e.Id)))
            .SingleOrDefaultAsync(ct);

    public async Task<Exam> CreateAsync(Guid unitId, string name, ExamKind kind, int year, CancellationToken ct)
    {
        var exam = new Exam { Id = Guid.NewGuid(), UnitId = unitId, Name = name, Kind = kind, Year = year, CreatedAt = clock.GetUtcNow() };
        db.Exams.Add(exam);
        await db.SaveChangesAsync(ct);
        return exam;
    }

    /// <summary>
    /// Sets (or with null withdraws) the publication time, to the minute. This node's lookups see it at once, other
    /// nodes' within <see cref="AnnouncedExamsCache.Lifetime"/>.
    /// </summary>
    public async Task<bool> SetPublicationAsync(Guid unitId, Guid examId, DateTimeOffset? publishAt, CancellationToken ct)
    {
        // PostgreSQL's timestamptz takes UTC only; Vietnam's offset is a whole number of hours, so the minute is the same.
        var minute = publishAt is { } at ? new DateTimeOffset(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero) : (DateTimeOffset?)null;
        var changed = await db.Exams.Where(e => e.Id == examId && e.UnitId == unitId)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.PublishAt, minute), ct) == 1;
        announced.Forget();
        return changed;
    }

    /// <summary>
    /// Sets (or with null closes) the re-grading window's last moment and the fee per paper in đồng; seen by lookups
    /// like a publication.
    /// </summary>
    public async Task<bool> SetRegradingAsync(Guid unitId, Guid examId, DateTimeOffset? until, int feePerPaper, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(feePerPaper);
        var utc = until?.ToUniversalTime();
        var changed = await db.Exams.Where(e => e.Id == examId && e.UnitId == unitId)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.RegradeUntil, utc).SetProperty(e => e.RegradeFee, feePerPaper), ct) == 1;
        announced.Forget();
        return changed;
    }

    /// <summary>
    /// The candidates and scores as CSV in the import's own layout, or null before the publication minute: results
    /// are secret until then for staff exports too.
    /// </summary>
    public async Task<byte[]?> ExportAsync(Guid unitId, Guid examId, CancellationToken ct)
    {
        var exam = await db.Exams.AsNoTracking().SingleOrDefaultAsync(e => e.Id == examId && e.UnitId == unitId, ct);
        if (exam is null || !exam.IsPublished(clock.GetUtcNow()))
        {
            return null;
        }

        var csv = new StringBuilder();
        var columns = new[] { ExamFile.NumberColumn, ExamFile.NameColumn, ExamFile.DateOfBirthColumn, ExamFile.SchoolColumn, ExamFile.RoomColumn }
            .Concat(exam.Subjects);
        csv.AppendLine(string.Join(',', columns.Select(Quote)));
        await foreach (var c in db.ExamCandidates.AsNoTracking().Where(c => c.ExamId == examId).OrderBy(c => c.Number).AsAsyncEnumerable().WithCancellation(ct))
        {
            var cells = new[] { c.Number, c.FullName, c.DateOfBirth.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), c.School, c.Room }
                .Concat(exam.Subjects.Select(s => c.Scores.TryGetValue(s, out var v) ? v.ToString(CultureInfo.InvariantCulture) : ""));
            csv.AppendLine(string.Join(',', cells.Select(Quote)));
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    // A leading = + - @ would make a spreadsheet run the cell as a formula; a quote before it keeps it text.
    private static string Quote(string value)
    {
        var safe = value.Length > 0 && "=+-@".Contains(value[0], StringComparison.Ordinal) ? "'" + value : value;
        return "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
