namespace Services.Data.Exams;

/// <summary>
/// A candidate's re-grading request (phúc khảo): the dossier it runs as and the subjects chosen. One per candidate and
/// exam, so a second request cannot re-open papers already being re-graded.
/// </summary>
public sealed class ExamRegrade
{
    public Guid DossierId { get; set; }
    public Guid ExamId { get; set; }
    public required string Number { get; set; }
    public List<string> Subjects { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
}
