using System.Text;
using Services.Workflows.Admissions;

namespace Services.Tests.Unit.Admissions;

public sealed class PublicMaskTests
{
    [Theory]
    [InlineData("Nguyễn Văn An", "Nguyễn V. A.")]
    [InlineData("Trần Thị Minh Khai", "Trần T. M. K.")]
    [InlineData("Tôn Nữ Thị Ánh Tuyết", "Tôn N. T. Á. T.")]
    [InlineData("Lê Ư", "Lê Ư.")]
    [InlineData("  Đỗ   đức  ước ", "Đỗ Đ. Ư.")]
    [InlineData("Lý Na", "Lý N.")]
    [InlineData("Ánh", "Á.")]
    [InlineData("", "")]
    [InlineData("   ", "")]
    [InlineData(null, "")]
    public void Names_keep_the_family_name_and_the_initials(string? name, string masked) => Assert.Equal(masked, PublicMask.Name(name));

    [Fact]
    public void A_decomposed_initial_stays_one_letter_with_its_marks()
    {
        // "Ước" typed as U + horn + dot below + "ớc": the initial is the whole letter, as the reader sees it.
        var decomposed = "Phạm Ước".Normalize(NormalizationForm.FormD);
        Assert.Equal("Phạm Ư.", PublicMask.Name(decomposed));
    }

    [Theory]
    [InlineData("079221000123", "*********123")]
    [InlineData(" 079221000123 ", "*********123")]
    [InlineData("1234", "*234")]
    [InlineData("123", "***")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Personal_ids_show_only_their_last_three_digits(string? id, string masked) => Assert.Equal(masked, PublicMask.PersonalId(id));
}
