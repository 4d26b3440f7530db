using Services.Workflows.Admissions;

namespace Services.Tests.Unit.Admissions;

public sealed class AdmissionMatchTests
{
    private const int Categories = 3;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Respects_quotas_exactly_and_wastes_no_seat(int instance)
    {
        var input = RandomInstance(instance, applicants: 400, schools: 8);
        var result = AdmissionMatch.Run(input);

        foreach (var school in input.Schools)
        {
            var admitted = result.Schools[school.Code].Admitted;
            Assert.True(admitted.Count <= school.Seats, $"{school.Code} admitted {admitted.Count} for {school.Seats} seats");
            Assert.Equal(admitted.Count, result.Placements.Values.Count(p => p.SchoolCode == school.Code));
            if (admitted.Count < school.Seats)
            {
                // A school with a free seat turned nobody away: everyone who listed it holds it or a better choice.
                Assert.All(input.Applicants.Where(a => a.Choices.Contains(school.Code)), a =>
                    Assert.True(result.Placements[a.Key].ChoiceNumber is { } n && n <= a.Choices.ToList().IndexOf(school.Code) + 1));
            }
        }

        // The instance is contested, so the check above is not vacuous.
        Assert.Contains(result.Placements.Values, p => !p.IsPlaced || p.ChoiceNumber > 1);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Leaves_no_blocking_pair(int instance)
    {
        var input = RandomInstance(instance, applicants: 300, schools: 6);
        var result = AdmissionMatch.Run(input);
        var schools = input.Schools.ToDictionary(s => s.Code);
        var lottery = input.Applicants.ToDictionary(a => a.Key, a => Lottery.Number(input.Seed, a.Key));
        var byKey = input.Applicants.ToDictionary(a => a.Key);

        foreach (var applicant in input.Applicants)
        {
            var placement = result.Placements[applicant.Key];
            var preferred = placement.ChoiceNumber is { } n ? applicant.Choices.Take(n - 1) : applicant.Choices;
            foreach (var code in preferred)
            {
                var school = schools[code];
                var mine = SchoolStanding.Of(school, applicant, Categories, lottery[applicant.Key]);
                var admitted = result.Schools[code].Admitted;
                Assert.Equal(school.Seats, admitted.Count);
                Assert.All(admitted, other => Assert.True(SchoolStanding.Of(school, byKey[other], Categories, lottery[other]) < mine,
                    $"{applicant.Key} and {code} would both prefer each other over {other}"));
            }
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_result_whatever_the_order_of_the_lists()
    {
        var input = RandomInstance(7, applicants: 250, schools: 5);
        var shuffled = input with
        {
            Applicants = input.Applicants.OrderByDescending(a => a.Key, StringComparer.Ordinal).ToList(),
            Schools = input.Schools.Reverse().ToList(),
        };

        var first = AdmissionMatch.Run(input);
        var again = AdmissionMatch.Run(input);
        var reordered = AdmissionMatch.Run(shuffled);

        Assert.Equal(Summary(first), Summary(again));
        Assert.Equal(Summary(first), Summary(reordered));
    }

    [Fact]
    public void Another_seed_draws_differently()
    {
        var input = RandomInstance(8, applicants: 250, schools: 5);
        var first = AdmissionMatch.Run(input);
        var other = AdmissionMatch.Run(input with { Seed = input.Seed + "-khac" });
        Assert.NotEqual(Summary(first), Summary(other));
    }

    [Fact]
    public void Zone_comes_before_priority_and_priority_before_the_lottery()
    {
        var school = new MatchSchool("T1", 2, new HashSet<string> { "P1" });
        var input = new MatchInput([school],
        [
            new MatchApplicant("out-of-zone-priority", "P9", 0, 0, ["T1"]),
            new MatchApplicant("in-zone-temporary", "P1", 1, null, ["T1"]),
            new MatchApplicant("in-zone-permanent-no-priority", "P1", 0, null, ["T1"]),
            new MatchApplicant("in-zone-permanent-priority", "P1", 0, 1, ["T1"]),
        ], Categories, "seed");

        var result = AdmissionMatch.Run(input);

        Assert.Equal(["in-zone-permanent-priority", "in-zone-permanent-no-priority"], result.Schools["T1"].Admitted);
        Assert.False(result.Placements["in-zone-temporary"].IsPlaced);
        Assert.False(result.Placements["out-of-zone-priority"].IsPlaced);
    }

    [Fact]
    public void A_school_with_no_seats_admits_nobody()
    {
        var input = new MatchInput([new MatchSchool("T0", 0, new HashSet<string>()), new MatchSchool("T1", 1, new HashSet<string>())],
            [new MatchApplicant("a", "P1", 0, null, ["T0", "T1"])], Categories, "s");
        var result = AdmissionMatch.Run(input);
        Assert.Equal("T1", result.Placements["a"].SchoolCode);
        Assert.Equal(2, result.Placements["a"].ChoiceNumber);
        Assert.Empty(result.Schools["T0"].Admitted);
    }

    [Fact]
    public void Rejects_a_school_listed_twice_or_unknown()
    {
        var school = new MatchSchool("T1", 1, new HashSet<string>());
        Assert.Throws<ArgumentException>(() => AdmissionMatch.Run(new MatchInput([school], [new MatchApplicant("a", "P", 0, null, ["T1", "T1"])], Categories, "s")));
        Assert.Throws<ArgumentException>(() => AdmissionMatch.Run(new MatchInput([school], [new MatchApplicant("a", "P", 0, null, ["T2"])], Categories, "s")));
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    public void No_applicant_gains_by_misreporting_their_choices(int instance)
    {
        // Small crafted markets, where every other list an applicant could have sent can be tried.
        var input = RandomInstance(instance, applicants: 6, schools: 3, maxSeats: 2);
        var truth = AdmissionMatch.Run(input);
        var codes = input.Schools.Select(s => s.Code).ToList();
        var misreports = Lists(codes).ToList();
        Assert.True(misreports.Count > 10);

        foreach (var applicant in input.Applicants)
        {
            var honest = Value(applicant, truth.Placements[applicant.Key].SchoolCode);
            foreach (var list in misreports)
            {
                var lying = input with { Applicants = input.Applicants.Select(a => a.Key == applicant.Key ? a with { Choices = list } : a).ToList() };
                var gained = Value(applicant, AdmissionMatch.Run(lying).Placements[applicant.Key].SchoolCode);
                Assert.True(gained <= honest, $"{applicant.Key} gains by sending [{string.Join(",", list)}] instead of [{string.Join(",", applicant.Choices)}]");
            }
        }
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    public void Explanations_agree_with_the_result(int instance)
    {
        var input = RandomInstance(instance, applicants: 300, schools: 6);
        var result = AdmissionMatch.Run(input);

        foreach (var applicant in input.Applicants)
        {
            var placement = result.Placements[applicant.Key];
            Assert.Equal(applicant.Choices.Count, placement.Choices.Count);
            foreach (var choice in placement.Choices)
            {
                var school = result.Schools[choice.SchoolCode];
                Assert.Equal(school.Applicants, choice.Applicants);
                Assert.InRange(choice.Rank, 1, choice.Applicants);
                switch (choice.Outcome)
                {
                    case ChoiceOutcome.Placed:
                        Assert.Equal(placement.ChoiceNumber, choice.ChoiceNumber);
                        Assert.Contains(applicant.Key, school.Admitted);
                        Assert.True(choice.Rank <= choice.CutoffRank);
                        break;
                    case ChoiceOutcome.Full:
                        Assert.True(placement.ChoiceNumber is null || choice.ChoiceNumber < placement.ChoiceNumber);
                        Assert.Equal(choice.Seats, choice.Admitted);
                        Assert.DoesNotContain(applicant.Key, school.Admitted);
                        Assert.True(choice.CutoffRank is null || choice.Rank > choice.CutoffRank);
                        Assert.True(choice.Cutoff is null || choice.Standing > choice.Cutoff.Value);
                        break;
                    case ChoiceOutcome.NotNeeded:
                        Assert.True(choice.ChoiceNumber > placement.ChoiceNumber);
                        break;
                }
            }
        }

        Assert.Contains(result.Placements.Values, p => p.Choices.Any(c => c.Outcome == ChoiceOutcome.Full));
    }

    private static int Value(MatchApplicant applicant, string? school)
    {
        // Higher is better under the applicant's true list; unplaced and unlisted schools are worth nothing.
        var index = school is null ? -1 : applicant.Choices.ToList().IndexOf(school);
        return index < 0 ? 0 : applicant.Choices.Count - index;
    }

    private static IEnumerable<IReadOnlyList<string>> Lists(IReadOnlyList<string> codes)
    {
        yield return [];
        foreach (var code in codes)
        {
            foreach (var rest in Lists(codes.Where(c => c != code).ToList()))
            {
                yield return [code, .. rest];
            }
        }
    }

    private static string Summary(MatchResult result) =>
        string.Join(";", result.Placements.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value.SchoolCode}"));

    private static MatchInput RandomInstance(int instance, int applicants, int schools, int maxSeats = 0)
    {
        // A fixed generator per instance: the same market every run, contested (fewer seats than applicants).
        var random = new Random(instance);
        var wards = Enumerable.Range(1, schools * 2).Select(w => $"P{w}").ToArray();
        var seatsEach = maxSeats > 0 ? maxSeats : Math.Max(1, applicants * 3 / (schools * 4));
        var schoolList = Enumerable.Range(1, schools)
            .Select(s => new MatchSchool($"T{s}", random.Next(maxSeats > 0 ? 1 : seatsEach / 2, seatsEach + 1),
                new HashSet<string>(wards.Where((_, w) => w % schools == s - 1))))
            .ToList();
        var applicantList = Enumerable.Range(1, applicants).Select(a =>
        {
            var choices = schoolList.Select(s => s.Code).OrderBy(_ => random.Next()).Take(random.Next(1, Math.Min(3, schools) + 1)).ToList();
            int? priority = random.Next(4) == 0 ? random.Next(3) : null;
            return new MatchApplicant($"HS{a:D5}", wards[random.Next(wards.Length)], random.Next(Categories), priority, choices);
        }).ToList();
        return new MatchInput(schoolList, applicantList, Categories, $"hat-giong-{instance}");
    }
}
