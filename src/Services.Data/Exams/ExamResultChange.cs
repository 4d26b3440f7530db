namespace Services.Data.Exams;

/// <summary>
/// One statement that changed what a results lookup of the exam returns (its candidates, their score history, or the
/// exam's name, year, subjects, re-grading window or publication), written by triggers in the writer's transaction
/// (ADR 0037). Append-only: the exam's results version is how many rows it has, so a node's in-memory snapshot of the
/// results is current exactly while that count is the one it was built at.
/// </summary>
public sealed class ExamResultChange
{
    public long Id { get; set; }
    public Guid ExamId { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}
