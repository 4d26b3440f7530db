using Services.Workflows.Dossiers;

namespace Desk.Bench;

/// <summary>Varied applicants for the copied dossiers: Vietnamese names, mobile numbers, birth dates, received and due dates.</summary>
internal static class Applicants
{
    private static readonly string[] Families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"];
    private static readonly string[] Middles = ["Văn", "Thị", "Minh", "Ngọc", "Thu", "Đức", "Quốc", "Thanh", "Hữu", "Gia", "Hoài", "Kim"];
    private static readonly string[] Givens =
    [
        "An", "Bình", "Châu", "Dũng", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Khang", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phúc", "Quân", "Sơn",
        "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Yến", "Khoa", "Nhung", "Oanh", "Phương", "Xuân",
    ];

    private static readonly string[] Prefixes = ["090", "091", "093", "094", "096", "097", "098", "032", "033", "035", "070", "077", "081", "086"];

    internal sealed record Row(string Code, string Name, string Phone, DateOnly DateOfBirth, DateTimeOffset SubmittedAt, DateTimeOffset DueAt, bool Assigned);

    /// <summary>
    /// <paramref name="count"/> applicants with unused tracking codes, received over the last 12 days, due 2 to 16 days
    /// after (so about a third is overdue), four in ten already claimed.
    /// </summary>
    public static List<Row> Make(int count, Random random, HashSet<string> codes, DateTimeOffset now)
    {
        var rows = new List<Row>(count);
        while (rows.Count < count)
        {
            var submitted = now.AddMinutes(-random.Next(1, 12 * 24 * 60));
            var code = TrackingCode.New(submitted).ToString();
            if (!codes.Add(code))
            {
                continue;
            }

            var name = $"{Families[random.Next(Families.Length)]} {Middles[random.Next(Middles.Length)]} {Givens[random.Next(Givens.Length)]}";
            var phone = Prefixes[random.Next(Prefixes.Length)] + random.Next(0, 10_000_000).ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
            var birth = new DateOnly(1970, 1, 1).AddDays(random.Next(0, 30 * 365));
            // Due, as the runtime computes it, at the end of a working day (17:00 in Vietnam).
            var dueDay = submitted.AddDays(random.Next(2, 16)).UtcDateTime.Date;
            var due = new DateTimeOffset(dueDay.AddHours(10), TimeSpan.Zero);
            rows.Add(new Row(code, name, phone, birth, submitted, due, random.Next(10) < 4));
        }

        return rows;
    }

    /// <summary>The last two words of a name (e.g. "Ngọc Lan"): what a clerk types to find a parent who phoned.</summary>
    public static string FragmentOf(string name) => string.Join(' ', name.Split(' ')[^2..]);
}
