namespace Services.Data.Exams;

/// <summary>An exam (kỳ thi) held by a unit: its subjects and the minute its results become visible.</summary>
public sealed class Exam
{
    public Guid Id { get; set; }
    public Guid UnitId { get; set; }
    public required string Name { get; set; }
    public ExamKind Kind { get; set; }
    public int Year { get; set; }

    /// <summary>The subjects in the order the result shows them, as the imported file's columns name them.</summary>
    public List<string> Subjects { get; set; } = [];

    /// <summary>When results become visible to anyone, staff exports included; never before, and not at all while null.</summary>
    public DateTimeOffset? PublishAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The last moment a candidate may ask for a re-grade (phúc khảo); none is taken while null.</summary>
    public DateTimeOffset? RegradeUntil { get; set; }

    /// <summary>The re-grading fee per subject, in đồng.</summary>
    public int RegradeFee { get; set; }

    public bool TakesRegrades(DateTimeOffset now) => IsPublished(now) && RegradeUntil is { } until && now <= until;

    public bool IsPublished(DateTimeOffset now) => PublishAt is { } at && at <= now;
}

public enum ExamKind
{
    Graduation,
    Grade10Entrance,
    GiftedStudents,
    Vocational,
}
