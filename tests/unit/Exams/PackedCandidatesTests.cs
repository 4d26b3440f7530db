using System.Globalization;
using Services.Workflows.Exams;

namespace Services.Tests.Unit.Exams;

/// <summary>The packed store of a results snapshot (ADR 0037): found by exact number, texts and scores as they went in.</summary>
public sealed class PackedCandidatesTests
{
    private static readonly DateOnly Born = new(2009, 3, 5);

    [Fact]
    public void An_empty_store_finds_nothing()
    {
        var store = new PackedCandidates.Builder(2, 0).Build();
        Assert.Equal(0, store.Count);
        Assert.Null(store.Find("01000001"));
    }

    [Fact]
    public void Numbers_added_in_any_order_are_found_first_last_and_between_and_only_exactly()
    {
        var builder = new PackedCandidates.Builder(1, 5);
        foreach (var number in new[] { "03", "01", "05", "AB7", "02" })
        {
            builder.Add(number, "Tên " + number, Born, "THPT A", "P01", [Pack(1m)]);
        }

        var store = builder.Build();
        Assert.Equal(5, store.Count);
        foreach (var number in new[] { "01", "02", "03", "05", "AB7" })
        {
            Assert.Equal("Tên " + number, store.Find(number)?.FullName);
        }

        // Before the first, between two, after the last, a prefix, a longer one, another case.
        foreach (var missing in new[] { "00", "04", "ZZ", "0", "011", "ab7", "" })
        {
            Assert.Null(store.Find(missing));
        }
    }

    [Fact]
    public void Vietnamese_texts_dates_and_scores_come_back_as_they_went_in()
    {
        var builder = new PackedCandidates.Builder(4, 2);
        builder.Add("01000001", "Nguyễn Thị Hồng Nhung", Born, "THPT Lê Quý Đôn", "Phòng 12", [Pack(8.25m), PackedScore.None, Pack(10m), Pack(0m)]);
        builder.Add("01000002", "Đặng Văn Ẩn", new DateOnly(2008, 12, 31), "THPT Chu Văn An", "Phòng 12", [Pack(7.5m), Pack(7.50m), Pack(7m), PackedScore.None]);
        var store = builder.Build();

        var first = store.Find("01000001")!;
        Assert.Equal(("Nguyễn Thị Hồng Nhung", Born, "THPT Lê Quý Đôn", "Phòng 12"), (first.FullName, first.DateOfBirth, first.School, first.Room));
        Assert.Equal("8.25||10|0", string.Join("|", first.Scores.Select(Text)));
        var second = store.Find("01000002")!;
        Assert.Equal(("Đặng Văn Ẩn", new DateOnly(2008, 12, 31), "THPT Chu Văn An"), (second.FullName, second.DateOfBirth, second.School));
        Assert.Equal("7.5|7.50|7|", string.Join("|", second.Scores.Select(Text)));
    }

    [Fact]
    public void Records_fill_several_chunks_and_each_is_read_whole()
    {
        // About 80 bytes each: 40,000 of them need three 1 MiB chunks, and records end near every chunk's end.
        const int count = 40_000;
        var builder = new PackedCandidates.Builder(3, count);
        for (var i = 0; i < count; i++)
        {
            builder.Add(Number(i), $"Trần Thị Ánh Tuyết {i:D6} Hồ Chí Minh", Born.AddDays(i % 3000), $"THPT số {i % 97}", $"P{i % 24:D2}",
                [Pack(i % 1001 / 100m), PackedScore.None, Pack(i % 11)]);
        }

        var store = builder.Build();
        Assert.True(store.Bytes > 2L * PackedCandidates.ChunkSize, $"{store.Bytes} bytes");
        for (var i = 0; i < count; i++)
        {
            var candidate = store.Find(Number(i));
            Assert.NotNull(candidate);
            Assert.Equal($"Trần Thị Ánh Tuyết {i:D6} Hồ Chí Minh", candidate.FullName);
            Assert.Equal(Born.AddDays(i % 3000), candidate.DateOfBirth);
            Assert.Equal(($"THPT số {i % 97}", $"P{i % 24:D2}"), (candidate.School, candidate.Room));
            Assert.Equal(new decimal?[] { i % 1001 / 100m, null, i % 11 }, candidate.Scores);
        }

        Assert.Null(store.Find(Number(count)));
    }

    [Fact]
    public void Two_candidates_with_one_number_are_refused()
    {
        var builder = new PackedCandidates.Builder(0, 2);
        builder.Add("02", "B", Born, "S", "R", []);
        builder.Add("01", "A", Born, "S", "R", []);
        builder.Add("02", "C", Born, "S", "R", []);
        Assert.Throws<InvalidOperationException>(builder.Build);
    }

    [Fact]
    public void A_score_is_packed_with_its_scale_or_refused()
    {
        foreach (var score in new[] { 0m, 0.00m, 5m, 8.5m, 8.50m, 8.500m, 9.99m, 10m, 10.00m, 1.7500000000000000m, 2.0000000000000000000000000000m })
        {
            Assert.True(PackedScore.TryPack(score, out var packed));
            Assert.Equal(score.ToString(CultureInfo.InvariantCulture), PackedScore.Unpack(packed)?.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var score in new[] { -1m, -0.0m, 10.01m, 11m, 8.125m, 0.001m })
        {
            Assert.False(PackedScore.TryPack(score, out _));
        }

        Assert.Null(PackedScore.Unpack(PackedScore.None));
    }

    // Spread out so the rows arrive out of order.
    private static string Number(int i) => ((i * 7919L % 1_000_003) + 10_000_000).ToString(CultureInfo.InvariantCulture);

    private static ushort Pack(decimal score) => PackedScore.TryPack(score, out var packed) ? packed : throw new ArgumentOutOfRangeException(nameof(score));

    private static string Text(decimal? score) => score?.ToString(CultureInfo.InvariantCulture) ?? "";
}
