namespace Services.Data.Exams;

/// <summary>
/// One candidate of one exam with the scores (subject → score) in the same row, so a results lookup reads exactly
/// one row found by the unique (exam, number) index (ADR 0014).
/// </summary>
public sealed class ExamCandidate
{
    public Guid Id { get; set; }
    public Guid ExamId { get; set; }

    /// <summary>Số báo danh, unique within the exam.</summary>
    public required string Number { get; set; }

    public required string FullName { get; set; }
    public DateOnly DateOfBirth { get; set; }
    public required string School { get; set; }
    public required string Room { get; set; }
    public Dictionary<string, decimal> Scores { get; set; } = [];
    public DateTimeOffset UpdatedAt { get; set; }
}
