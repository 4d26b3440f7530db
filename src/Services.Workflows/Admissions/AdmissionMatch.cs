namespace Services.Workflows.Admissions;

/// <summary>
/// The allocation: applicant-proposing deferred acceptance (Gale–Shapley) over the ranked choices, each school ordering
/// its applicants by <see cref="SchoolStanding"/>. Its result is the applicant-optimal stable match, so listing the
/// schools one truly prefers is the best strategy (ADR 13); it depends only on the input and the seed, never on the
/// order of the lists or the time of submission. No side effects: the campaign stores what it returns.
/// </summary>
public static class AdmissionMatch
{
    public static MatchResult Run(MatchInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var schools = Index(input.Schools);
        var applicants = input.Applicants;
        Check(applicants, schools);

        var lottery = applicants.Select(a => Lottery.Number(input.Seed, a.Key)).ToArray();
        var standings = applicants.Select((a, i) => a.Choices.Select(c => SchoolStanding.Of(schools[c], a, input.ResidenceCategories, lottery[i])).ToArray()).ToArray();
        var held = schools.Keys.ToDictionary(c => c, _ => new PriorityQueue<int, SchoolStanding>(WorstFirst), StringComparer.Ordinal);
        var next = new int[applicants.Count];
        var placedAt = new int[applicants.Count];
        Array.Fill(placedAt, -1);

        // Proposals in a fixed order; the stable result of deferred acceptance does not depend on it anyway.
        var free = new Queue<int>(Enumerable.Range(0, applicants.Count));
        while (free.TryDequeue(out var a))
        {
            if (next[a] >= applicants[a].Choices.Count)
            {
                continue;
            }

            var choice = next[a]++;
            var code = applicants[a].Choices[choice];
            var standing = standings[a][choice];
            var queue = held[code];
            if (queue.Count < schools[code].Seats)
            {
                queue.Enqueue(a, standing);
                placedAt[a] = choice;
            }
            else if (queue.Count > 0 && queue.TryPeek(out var worst, out var worstStanding) && standing < worstStanding)
            {
                queue.Dequeue();
                placedAt[worst] = -1;
                free.Enqueue(worst);
                queue.Enqueue(a, standing);
                placedAt[a] = choice;
            }
            else
            {
                free.Enqueue(a);
            }
        }

        return Explain(input, schools, standings, placedAt, lottery);
    }

    private static readonly Comparer<SchoolStanding> WorstFirst = Comparer<SchoolStanding>.Create((x, y) => y.CompareTo(x));

    private static Dictionary<string, MatchSchool> Index(IReadOnlyList<MatchSchool> schools)
    {
        var index = new Dictionary<string, MatchSchool>(StringComparer.Ordinal);
        foreach (var school in schools)
        {
            if (school.Seats < 0 || !index.TryAdd(school.Code, school))
            {
                throw new ArgumentException($"School {school.Code} is listed twice or has negative seats.", nameof(schools));
            }
        }

        return index;
    }

    private static void Check(IReadOnlyList<MatchApplicant> applicants, Dictionary<string, MatchSchool> schools)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var applicant in applicants)
        {
            if (!keys.Add(applicant.Key))
            {
                throw new ArgumentException($"Applicant {applicant.Key} is listed twice.", nameof(applicants));
            }

            if (applicant.Choices.Any(c => !schools.ContainsKey(c)) || applicant.Choices.Distinct(StringComparer.Ordinal).Count() != applicant.Choices.Count)
            {
                throw new ArgumentException($"Applicant {applicant.Key} lists an unknown school or one school twice.", nameof(applicants));
            }
        }
    }

    private static MatchResult Explain(MatchInput input, Dictionary<string, MatchSchool> schools, SchoolStanding[][] standings, int[] placedAt, ulong[] lottery)
    {
        var applicants = input.Applicants;

        // Everyone who listed a school, in the school's order: the ranks the explanations quote.
        var listed = schools.Keys.ToDictionary(c => c, _ => new List<(SchoolStanding Standing, int Applicant)>(), StringComparer.Ordinal);
        for (var a = 0; a < applicants.Count; a++)
        {
            for (var c = 0; c < applicants[a].Choices.Count; c++)
            {
                listed[applicants[a].Choices[c]].Add((standings[a][c], a));
            }
        }

        var rank = new Dictionary<(int Applicant, string School), int>();
        var results = new Dictionary<string, SchoolResult>(StringComparer.Ordinal);
        var cutoffRank = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (code, list) in listed)
        {
            list.Sort((x, y) => x.Standing.CompareTo(y.Standing));
            var admitted = new List<string>();
            SchoolStanding? cutoff = null;
            for (var i = 0; i < list.Count; i++)
            {
                var (standing, a) = list[i];
                rank[(a, code)] = i + 1;
                if (placedAt[a] >= 0 && applicants[a].Choices[placedAt[a]] == code)
                {
                    admitted.Add(applicants[a].Key);
                    cutoff = standing;
                    cutoffRank[code] = i + 1;
                }
            }

            results[code] = new SchoolResult(code, schools[code].Seats, list.Count, admitted, cutoff);
        }

        var placements = new Dictionary<string, Placement>(StringComparer.Ordinal);
        for (var a = 0; a < applicants.Count; a++)
        {
            var applicant = applicants[a];
            var choices = new List<ChoiceExplanation>(applicant.Choices.Count);
            for (var c = 0; c < applicant.Choices.Count; c++)
            {
                var code = applicant.Choices[c];
                var school = results[code];
                var outcome = c == placedAt[a] ? ChoiceOutcome.Placed : placedAt[a] >= 0 && c > placedAt[a] ? ChoiceOutcome.NotNeeded : ChoiceOutcome.Full;
                choices.Add(new ChoiceExplanation(c + 1, code, outcome, standings[a][c], rank[(a, code)], school.Applicants, school.Seats, school.Admitted.Count,
                    school.Cutoff, cutoffRank.TryGetValue(code, out var r) ? r : null));
            }

            var placed = placedAt[a] >= 0;
            placements[applicant.Key] = new Placement(applicant.Key, placed ? applicant.Choices[placedAt[a]] : null, placed ? placedAt[a] + 1 : null, lottery[a], choices);
        }

        return new MatchResult(input.Seed, placements, results);
    }
}
