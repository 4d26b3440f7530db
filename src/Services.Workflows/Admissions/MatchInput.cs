namespace Services.Workflows.Admissions;

/// <summary>A participating school as the match sees it: its seats (chỉ tiêu) and the wards of its enrolment zone.</summary>
public sealed record MatchSchool(string Code, int Seats, IReadOnlySet<string> ZoneWards);

/// <summary>
/// An applicant as the match sees it. <paramref name="Key"/> is public and stable (the tracking code), because the
/// lottery number is derived from it and the published seed, so that anyone can re-run the draw.
/// <paramref name="ResidenceOrder"/> is the order of the residence category (0 = permanent residence first);
/// <paramref name="PriorityOrder"/> the order of the priority group (0 first), or null without one.
/// </summary>
public sealed record MatchApplicant(string Key, string Ward, int ResidenceOrder, int? PriorityOrder, IReadOnlyList<string> Choices);

/// <summary>Everything that decides a draw: the schools, the applicants, the number of residence categories and the seed.</summary>
public sealed record MatchInput(IReadOnlyList<MatchSchool> Schools, IReadOnlyList<MatchApplicant> Applicants, int ResidenceCategories, string Seed);
