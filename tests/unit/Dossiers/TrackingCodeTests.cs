using Services.Workflows.Dossiers;

namespace Services.Tests.Unit.Dossiers;

public sealed class TrackingCodeTests
{
    private static readonly DateTimeOffset Received = new(2026, 11, 21, 9, 30, 0, TimeSpan.FromHours(7));

    [Fact]
    public void The_year_is_the_year_in_Vietnam_when_the_dossier_arrives()
    {
        // 18:00 UTC on 31 December is 01:00 on 1 January in Vietnam: the receipt says 2027, so must the code.
        Assert.StartsWith("HS-27-", TrackingCode.New(new DateTimeOffset(2026, 12, 31, 18, 0, 0, TimeSpan.Zero)).ToString(), StringComparison.Ordinal);
        Assert.StartsWith("HS-26-", TrackingCode.New(new DateTimeOffset(2026, 12, 31, 16, 59, 0, TimeSpan.Zero)).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_code_has_the_readable_shape_with_the_year()
    {
        var code = TrackingCode.New(Received).ToString();

        Assert.Matches("^HS-26-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$", code);
    }

    [Fact]
    public void The_alphabet_has_31_symbols_without_look_alikes()
    {
        Assert.Equal(31, TrackingCode.Alphabet.Distinct().Count());
        Assert.Equal(31, TrackingCode.Alphabet.Length);
        foreach (var lookAlike in "01OIL")
        {
            Assert.DoesNotContain(lookAlike, TrackingCode.Alphabet);
        }
    }

    [Fact]
    public void New_codes_are_valid_and_do_not_repeat()
    {
        var codes = Enumerable.Range(0, 5000).Select(_ => TrackingCode.New(Received).ToString()).ToList();

        Assert.All(codes, c => Assert.True(TrackingCode.TryParse(c, out _), c));
        Assert.Equal(codes.Count, codes.Distinct().Count());
    }

    [Fact]
    public void Consecutive_codes_are_not_a_sequence()
    {
        // Neighbouring codes share on average 8/31 of their random characters position by position; a counter would share most.
        var a = TrackingCode.New(Received).Body;
        var shared = Enumerable.Range(0, 200)
            .Select(_ => TrackingCode.New(Received).Body)
            .Select(b => b[..7].Zip(a[..7]).Count(p => p.First == p.Second))
            .Average();
        Assert.True(shared < 1.5, $"codes share {shared} characters on average");
    }

    [Theory]
    [InlineData(" hs-26-{0}-{1} ")]
    [InlineData("HS26{0}{1}")]
    [InlineData("hs 26 {0} {1}")]
    [InlineData("Hs-26{0}-{1}")]
    public void Typed_variants_normalise_to_the_canonical_form(string pattern)
    {
        var code = TrackingCode.New(Received);
        var typed = string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, code.Body[..4], code.Body[4..]);

        Assert.Equal(code.ToString(), TrackingCode.Normalize(typed));
        Assert.True(TrackingCode.TryParse(typed, out var parsed));
        Assert.Equal(code, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("HS-26-7K3M")]
    [InlineData("HS-26-7K3M-9QX22")]
    [InlineData("HS-2A-7K3M-9QX2")]
    [InlineData("26-7K3M-9QX2")]
    [InlineData("HS-26-7K0M-9QX2")]
    [InlineData("HS-26-7KOM-9QX2")]
    [InlineData("<script>alert(1)</script>")]
    public void Malformed_input_is_refused(string? input)
    {
        Assert.False(TrackingCode.TryParse(input, out _));
        Assert.Null(TrackingCode.Normalize(input));
    }

    [Fact]
    public void Every_single_character_substitution_is_detected()
    {
        for (var n = 0; n < 300; n++)
        {
            var compact = Compact(TrackingCode.New(Received.AddYears(n % 7)));
            for (var position = 2; position < compact.Length; position++)
            {
                var symbols = position < 4 ? "0123456789" : TrackingCode.Alphabet;
                foreach (var replacement in symbols.Where(s => s != compact[position]))
                {
                    var mistyped = compact[..position] + replacement + compact[(position + 1)..];
                    Assert.False(TrackingCode.TryParse(mistyped, out _), $"{compact} → {mistyped} passed the check");
                }
            }
        }
    }

    [Fact]
    public void Every_adjacent_transposition_is_detected()
    {
        var tested = 0;
        for (var n = 0; n < 2000; n++)
        {
            var compact = Compact(TrackingCode.New(Received.AddYears(n % 9)));
            // From the year's first digit to the check character, including the year/body boundary.
            for (var position = 2; position < compact.Length - 1; position++)
            {
                if (compact[position] == compact[position + 1])
                {
                    continue; // swapping equal characters changes nothing
                }

                var swapped = compact[..position] + compact[position + 1] + compact[position] + compact[(position + 2)..];
                Assert.False(TrackingCode.TryParse(swapped, out _), $"{compact} → {swapped} passed the check");
                tested++;
            }
        }

        Assert.True(tested > 10_000);
    }

    [Fact]
    public void A_prefix_other_than_letters_is_refused_when_creating()
    {
        Assert.Throws<ArgumentException>(() => TrackingCode.New(Received, "H1"));
        Assert.Throws<ArgumentException>(() => TrackingCode.New(Received, "HOSO1"));
        Assert.StartsWith("TS-26-", TrackingCode.New(Received, "TS").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_value_is_no_code_and_prints_as_empty()
    {
        Assert.Equal("", default(TrackingCode).ToString());
        Assert.False(TrackingCode.TryParse(default(TrackingCode).ToString(), out _));
    }

    private static string Compact(TrackingCode code) => code.ToString().Replace("-", "", StringComparison.Ordinal);
}
