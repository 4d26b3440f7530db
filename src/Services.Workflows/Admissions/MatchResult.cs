namespace Services.Workflows.Admissions;

/// <summary>What became of one ranked choice.</summary>
public enum ChoiceOutcome
{
    /// <summary>The applicant holds a seat here.</summary>
    Placed,

    /// <summary>The school filled its seats with applicants who stand before this one.</summary>
    Full,

    /// <summary>A lower choice than the one placed: never needed.</summary>
    NotNeeded,
}

/// <summary>
/// One choice of one applicant, explained: the applicant's group, priority and rank among everyone who listed the
/// school, its seats, and the standing of the last applicant it admitted (the cutoff), in the same ranking.
/// </summary>
public sealed record ChoiceExplanation(int ChoiceNumber, string SchoolCode, ChoiceOutcome Outcome, SchoolStanding Standing, int Rank, int Applicants,
    int Seats, int Admitted, SchoolStanding? Cutoff, int? CutoffRank);

/// <summary>Where an applicant was placed (or not), with every choice explained.</summary>
public sealed record Placement(string ApplicantKey, string? SchoolCode, int? ChoiceNumber, ulong Lottery, IReadOnlyList<ChoiceExplanation> Choices)
{
    public bool IsPlaced => SchoolCode is not null;
}

/// <summary>A school after the draw: who it admitted, best standing first.</summary>
public sealed record SchoolResult(string Code, int Seats, int Applicants, IReadOnlyList<string> Admitted, SchoolStanding? Cutoff);

/// <summary>The whole draw.</summary>
public sealed record MatchResult(string Seed, IReadOnlyDictionary<string, Placement> Placements, IReadOnlyDictionary<string, SchoolResult> Schools);
