namespace Services.Workflows.Admissions;

/// <summary>
/// Where an applicant stands at one school: the group (zone and residence category: in-zone categories first, in
/// their order, then out-of-zone ones in the same order), then the priority group, then the lottery number, then the
/// key (only so that the order is total even if two lottery numbers collide).
/// </summary>
public readonly record struct SchoolStanding(int Group, int Priority, ulong Lottery, string Key) : IComparable<SchoolStanding>
{
    /// <summary>Standing for an applicant without a priority group: after every group.</summary>
    public const int NoPriority = int.MaxValue;

    public int CompareTo(SchoolStanding other)
    {
        var c = Group.CompareTo(other.Group);
        if (c == 0) c = Priority.CompareTo(other.Priority);
        if (c == 0) c = Lottery.CompareTo(other.Lottery);
        return c != 0 ? c : string.CompareOrdinal(Key, other.Key);
    }

    public static bool operator <(SchoolStanding a, SchoolStanding b) => a.CompareTo(b) < 0;
    public static bool operator >(SchoolStanding a, SchoolStanding b) => a.CompareTo(b) > 0;
    public static bool operator <=(SchoolStanding a, SchoolStanding b) => a.CompareTo(b) <= 0;
    public static bool operator >=(SchoolStanding a, SchoolStanding b) => a.CompareTo(b) >= 0;

    /// <summary>The group's letter as families read it: A is the first group.</summary>
    public static string GroupLetter(int group) => group < 26 ? ((char)('A' + group)).ToString() : $"G{group + 1}";

    public static SchoolStanding Of(MatchSchool school, MatchApplicant applicant, int residenceCategories, ulong lottery)
    {
        ArgumentNullException.ThrowIfNull(school);
        ArgumentNullException.ThrowIfNull(applicant);
        var inZone = school.ZoneWards.Contains(applicant.Ward);
        var group = (inZone ? 0 : residenceCategories) + applicant.ResidenceOrder;
        return new SchoolStanding(group, applicant.PriorityOrder ?? NoPriority, lottery, applicant.Key);
    }
}
