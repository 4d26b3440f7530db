using System.Text;
using Services.Data.Catalogue;
using Services.Web.Catalogue;

namespace Services.Tests.Unit.Catalogue;

public sealed class CatalogueTextTests
{
    [Fact]
    public void Decomposed_Vietnamese_is_stored_composed()
    {
        var typed = "Phúc khảo bài kiểm tra".Normalize(NormalizationForm.FormD);

        var cleaned = CatalogueText.Clean(typed);

        Assert.Equal("Phúc khảo bài kiểm tra", cleaned);
        Assert.True(cleaned!.IsNormalized(NormalizationForm.FormC));
    }

    [Fact]
    public void Control_characters_lone_surrogates_and_replacement_characters_are_dropped()
    {
        Assert.Equal("Xin nghỉ học", CatalogueText.Clean("  Xin\u0000 ngh\uD800ỉ h\uFFFDọc\u0007 "));
    }

    [Fact]
    public void Tabs_and_line_breaks_survive_and_null_stays_null()
    {
        Assert.Equal("a\tb\nc", CatalogueText.Clean("a\tb\nc"));
        Assert.Null(CatalogueText.Clean(null));
    }

    [Fact]
    public void Lines_are_split_on_any_line_ending_without_blank_entries()
    {
        Assert.Equal(["Bước một", "Bước hai", "Bước ba"], CatalogueText.Lines("Bước một\r\n\r\n  Bước hai \rBước ba\n"));
        Assert.Empty(CatalogueText.Lines(null));
    }

    [Theory]
    [InlineData(ServiceLevel.Full, 4)]
    [InlineData(ServiceLevel.Partial, 3)]
    [InlineData(ServiceLevel.Offline, null)]
    public void Decree_42_levels_map_to_the_older_scale(ServiceLevel level, int? legacy)
    {
        Assert.Equal(legacy, level.LegacyLevel());
    }

    [Theory]
    [InlineData("toan-trinh", ServiceLevel.Full)]
    [InlineData("mot-phan", ServiceLevel.Partial)]
    [InlineData("truc-tiep", ServiceLevel.Offline)]
    [InlineData("muc-do-5", null)]
    [InlineData(null, null)]
    public void Level_slugs_in_the_query_string_are_read_strictly(string? slug, ServiceLevel? expected)
    {
        Assert.Equal(expected, ServiceLevelSlugs.Parse(slug));
    }
}
