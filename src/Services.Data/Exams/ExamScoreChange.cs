namespace Services.Data.Exams;

/// <summary>
/// One change of a published score (a re-grade's outcome): the candidate sees old and new side by side with this
/// history. A dossier changes a subject at most once, so a retried publication step writes nothing twice.
/// </summary>
public sealed class ExamScoreChange
{
    public Guid Id { get; set; }
    public Guid ExamId { get; set; }
    public required string Number { get; set; }
    public required string Subject { get; set; }
    public decimal? OldScore { get; set; }
    public decimal NewScore { get; set; }

    /// <summary>The re-grading dossier that changed it.</summary>
    public required string TrackingCode { get; set; }

    public DateTimeOffset ChangedAt { get; set; }
}
